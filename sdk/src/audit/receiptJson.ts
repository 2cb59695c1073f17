// A verified receipt as JSON (integers as decimal strings), the shape of `auditReceipt` in
// @paykey/sdk/api/audit: what the relayer's /api/audit/receipts route and `npm run audit -- receipt` print.
import type { AuditReceipt } from "../api/audit.ts";
import type { VerifyReceiptReturnType } from "./verifyReceipt.ts";

export function receiptJson(result: VerifyReceiptReturnType): AuditReceipt {
  return {
    ref: result.ref,
    matchedAs: result.matchedAs,
    receipts: result.receipts.map(({ chain, itemised, verification }) => ({
      chain: {
        paymentId: chain.paymentId,
        status: chain.status,
        authorized: String(chain.authorized),
        captured: String(chain.captured),
        fees: String(chain.fees),
        refunded: String(chain.refunded),
        released: String(chain.released),
        steps: chain.steps.map((step) => ({
          kind: step.kind,
          amount: String(step.amount),
          price: step.price === undefined ? null : String(step.price),
          fee: step.fee === undefined ? null : String(step.fee),
          payer: step.payer.toLowerCase(),
          merchantId: String(step.merchantId),
          token: step.token.toLowerCase(),
          orderRef: step.orderRef,
          lineItemsHash: step.lineItemsHash,
          transactionHash: step.transactionHash,
          blockNumber: String(step.blockNumber),
          blockHash: step.blockHash,
          logIndex: step.logIndex,
          userOpHash: step.userOpHash,
          timestamp: step.timestamp,
        })),
      },
      itemised: itemised
        ? { orderRef: itemised.orderRef, lineItems: itemised.lineItems.map((item) => ({ name: item.name, quantity: Number(item.quantity), unitPrice: String(item.unitPrice) })) }
        : null,
      verification: { state: verification.state, checks: verification.checks.map((check) => ({ ...check })) },
    })),
  };
}
