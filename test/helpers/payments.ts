// Payment terms for the fixture's merchant, and the escrow's receipts, for the wallet's payment tests.
import { type Address, keccak256, toHex } from "viem";
import type { PaymentTerms } from "@paykey/sdk/wallet";
import { merchantFeeBps, type WalletFixture } from "./walletFixture.ts";

let orderNumber = 0;

/** Terms of a new order of `amount` from `payer` at the fixture's merchant: a day to capture, 30 days to refund. */
export async function paymentTerms(
  fixture: WalletFixture,
  payer: Address,
  amount: bigint,
  overrides: Partial<PaymentTerms> = {},
): Promise<PaymentTerms> {
  const now = await fixture.networkHelpers.time.latest();
  orderNumber += 1;
  return {
    merchantId: fixture.merchantId,
    payer,
    token: fixture.token.address,
    amount,
    feeBps: merchantFeeBps,
    authorizationExpiry: now + 86_400,
    refundDeadline: now + 30 * 86_400,
    orderRef: keccak256(toHex(`order-${orderNumber}`)),
    lineItemsHash: keccak256(toHex(`line items of order ${orderNumber}`)),
    salt: BigInt(orderNumber),
    ...overrides,
  };
}
