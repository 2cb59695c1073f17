// The "verified on-chain" mark: the itemised receipt the relayer serves must hash to what the payer's
// authorization committed to on-chain — the SDK's check, the same the auditor's tools apply.
import type { Payment } from "@paykey/sdk/api";
import { type ChainReceipt, type ReceiptVerification, checkItemisedReceipt } from "@paykey/sdk/audit";

export type { ReceiptCheck, ReceiptVerification } from "@paykey/sdk/audit";

export function verifyReceipt(chain: ChainReceipt | undefined, payment: Payment | undefined): ReceiptVerification {
  return checkItemisedReceipt(chain, payment?.request);
}
