// Checkout: the exact escrow PaymentTerms a payer signs for a payment request, and their
// payment id (read from the escrow). The fee is the merchant's fee as disclosed on-chain now;
// expiries count from the chain's clock. A payer asking again gets the same terms back while
// they can still be authorized.
import { randomBytes } from "node:crypto";
import { bytesToBigInt, getAddress, type Address, type Hex, type PublicClient } from "viem";
import type { CheckoutResult, PaymentTermsJson } from "@paykey/sdk/api";
import { orderRefHash, termsToJson } from "@paykey/sdk/commerce";
import type { PaymentTerms } from "@paykey/sdk/wallet";
import type { Store } from "../db/store.ts";
import { CommerceError } from "./errors.ts";
import { chainTime, readMerchant, readPaymentId } from "./escrowReads.ts";
import { findRequest, requestStatus } from "./requests.ts";
import { updateStoreFee } from "./stores.ts";

const day = 86_400;
export const authorizationWindowSeconds = 7 * day;
export const refundWindowSeconds = 30 * day;
/** An earlier checkout is handed out again only if it stays capturable at least this long. */
const reuseMarginSeconds = 3600;

export type CheckoutParameters = {
  db: Store;
  client: PublicClient;
  escrow: Address;
  requestId: string;
  payer: Address;
  now: Date;
};

export async function checkoutRequest(parameters: CheckoutParameters): Promise<CheckoutResult> {
  const { db, client, escrow, payer } = parameters;
  const request = await findRequest(db, parameters.requestId);
  const status = requestStatus(request, parameters.now);
  if (status === "paid") throw new CommerceError("request_paid", "This request is already paid.", { data: { paymentId: request.payment_id } });
  if (status === "expired") throw new CommerceError("request_expired", "This payment request has expired; ask the merchant for a new one.");
  if (request.merchant_id === null) throw new CommerceError("store_not_active", "The store is not registered on-chain.");

  const merchantId = BigInt(request.merchant_id);
  const [merchant, now] = await Promise.all([readMerchant(client, escrow, merchantId), chainTime(client)]);
  if (merchant.settlementToken.toLowerCase() !== request.token) {
    throw new CommerceError("store_not_active", "The merchant no longer settles in this request's token.");
  }
  await updateStoreFee(db, request.store_id, merchant.feeBps);

  const [previous] = await db.query<{ payment_id: Hex; terms: PaymentTermsJson }>(
    `SELECT payment_id, terms FROM commerce_checkouts WHERE request_id = $1 AND payer = $2 ORDER BY created_at DESC LIMIT 1`,
    [request.id, payer.toLowerCase()],
  );
  if (previous && previous.terms.feeBps === merchant.feeBps && previous.terms.authorizationExpiry > now + reuseMarginSeconds) {
    return { paymentId: previous.payment_id, terms: previous.terms };
  }

  const terms: PaymentTerms = {
    merchantId,
    payer,
    token: getAddress(request.token),
    amount: BigInt(request.amount),
    feeBps: merchant.feeBps,
    authorizationExpiry: now + authorizationWindowSeconds,
    refundDeadline: now + refundWindowSeconds,
    orderRef: orderRefHash(request.order_ref),
    lineItemsHash: request.line_items_hash as Hex,
    salt: bytesToBigInt(randomBytes(32)),
  };
  const paymentId = (await readPaymentId(client, escrow, terms)).toLowerCase() as Hex;
  const json = termsToJson(terms);
  await db.query(
    `INSERT INTO commerce_checkouts (payment_id, request_id, payer, terms, authorization_expiry, created_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
    [paymentId, request.id, payer.toLowerCase(), JSON.stringify(json), new Date(terms.authorizationExpiry * 1000), parameters.now],
  );
  return { paymentId, terms: json };
}
