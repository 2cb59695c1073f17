// Payment terms for the fixture's merchant, and the escrow's receipts, for the wallet's payment tests.
import { type Address, keccak256, toHex } from "viem";
import type { PaymentTerms } from "@paykey/sdk/wallet";
import { merchantFeeBps, type WalletFixture } from "./walletFixture.ts";

let orderNumber = 0;

export type OrderTermsParameters = Pick<PaymentTerms, "merchantId" | "payer" | "token" | "amount" | "feeBps" | "salt"> & {
  /** The chain's current time (unix seconds): a day to capture from then, 30 days to refund. */
  now: number | bigint;
  /** The order reference (hashed into `orderRef`). */
  orderRef: string;
  /** What stands for the itemised receipt (hashed into `lineItemsHash`). */
  lineItems: string;
};

/** Escrow terms of one order, as the tests and the gas benchmark build them. */
export function orderTerms(parameters: OrderTermsParameters): PaymentTerms {
  const { now, orderRef, lineItems, ...terms } = parameters;
  return {
    ...terms,
    authorizationExpiry: Number(now) + 86_400,
    refundDeadline: Number(now) + 30 * 86_400,
    orderRef: keccak256(toHex(orderRef)),
    lineItemsHash: keccak256(toHex(lineItems)),
  };
}

/** Terms of a new order of `amount` from `payer` at the fixture's merchant: a day to capture, 30 days to refund. */
export async function paymentTerms(
  fixture: WalletFixture,
  payer: Address,
  amount: bigint,
  overrides: Partial<PaymentTerms> = {},
): Promise<PaymentTerms> {
  orderNumber += 1;
  const terms = orderTerms({
    merchantId: fixture.merchantId,
    payer,
    token: fixture.token.address,
    amount,
    feeBps: merchantFeeBps,
    salt: BigInt(orderNumber),
    now: await fixture.networkHelpers.time.latest(),
    orderRef: `order-${orderNumber}`,
    lineItems: `line items of order ${orderNumber}`,
  });
  return { ...terms, ...overrides };
}
