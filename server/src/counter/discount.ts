// A checkout's discount, priced before the payer signs anything: loyalty points (one point is one base
// unit off) and an optional coupon by code. Each refusal is the one the escrow would revert with —
// coupon for another merchant, expired, used up, for another payer; not enough points; a discount
// that would cover the whole price — checked here from the chain's own state, then confirmed by the
// escrow's `quote` (which also checks the coupon's signature against the current coupon signer).
import { getAddress, type Address, type Hex } from "viem";
import type { DiscountQuote } from "@paykey/sdk/api/counter";
import { buildDiscount, couponDiscountOf, couponToJson, type Coupon } from "@paykey/sdk/coupons";
import { CommerceError } from "../commerce/errors.ts";
import { findRequest, requestStatus } from "../commerce/requests.ts";
import type { Queryable } from "../db/store.ts";
import { quoteTerms, type ChainReader } from "./chain.ts";
import { couponOf, findCouponByCode } from "./coupons.ts";
import { CounterError } from "./errors.ts";

/** The escrow's custom errors a quote may revert with, as the counter's refusals. */
const quoteRefusals: Record<string, () => CounterError> = {
  CouponMerchantMismatch: () => new CounterError("coupon_wrong_merchant", "This coupon is for another store."),
  CouponsDisabled: () => new CounterError("coupons_disabled", "This store does not take coupons."),
  CouponExpired: () => new CounterError("coupon_expired", "This coupon has expired."),
  CouponPayerMismatch: () => new CounterError("coupon_wrong_payer", "This coupon was issued to another customer."),
  CouponUsedUp: () => new CounterError("coupon_used_up", "This coupon has been used up."),
  InvalidCouponDiscount: () => new CounterError("coupon_invalid", "This coupon is not valid."),
  InvalidCouponSignature: () => new CounterError("coupon_invalid", "This coupon is no longer valid: the store changed its coupon signer."),
  InsufficientPoints: () => new CounterError("insufficient_points", "You do not have that many points here."),
  DiscountCoversPrice: () => new CounterError("discount_covers_price", "The discount cannot cover the whole price."),
};

export async function priceDiscount(parameters: {
  db: Queryable;
  chain: ChainReader;
  requestId: string;
  payer: Address;
  points: bigint;
  couponCode: string | undefined;
  now: Date;
}): Promise<DiscountQuote> {
  const { chain, payer } = parameters;
  const request = await findRequest(parameters.db, parameters.requestId);
  const status = requestStatus(request, parameters.now);
  if (status === "paid") throw new CommerceError("request_paid", "This request is already paid.");
  if (status === "expired") throw new CommerceError("request_expired", "This payment request has expired; ask the merchant for a new one.");
  if (request.merchant_id === null) throw new CommerceError("store_not_active", "The store is not registered on-chain.");
  const merchantId = BigInt(request.merchant_id);
  const price = BigInt(request.amount);

  let coupon: { coupon: Coupon; signature: Hex } | undefined;
  const [balance, chainTime] = await Promise.all([chain.pointsOf(payer, merchantId), chain.time()]);
  if (parameters.couponCode) {
    const row = await findCouponByCode(parameters.db, parameters.couponCode);
    const found = couponOf(row);
    const data = { code: row.code, store: row.store_name };
    if (found.merchantId !== merchantId) throw new CounterError("coupon_wrong_merchant", `This coupon is for ${row.store_name}, not this store.`, { data });
    if (chainTime > found.expiry) throw new CounterError("coupon_expired", "This coupon has expired.", { data: { ...data, expiry: found.expiry } });
    if (BigInt(found.payer) !== 0n && found.payer.toLowerCase() !== payer.toLowerCase()) {
      throw new CounterError("coupon_wrong_payer", "This coupon was issued to another customer.", { data });
    }
    const uses = await chain.couponUses(merchantId, found.couponId);
    if (uses >= found.maxUses) throw new CounterError("coupon_used_up", "This coupon has been used up.", { data: { ...data, uses, maxUses: found.maxUses } });
    coupon = { coupon: found, signature: row.signature as Hex };
  }
  if (parameters.points > balance) {
    throw new CounterError("insufficient_points", "You do not have that many points here.", { data: { balance: balance.toString(), requested: parameters.points.toString() } });
  }
  const couponDiscount = coupon ? couponDiscountOf(price, coupon.coupon) : 0n;
  // The escrow refuses a discount that covers the whole price: at least one base unit is paid.
  const room = price - couponDiscount - 1n;
  const maxPoints = room <= 0n ? 0n : balance < room ? balance : room;

  const discount = buildDiscount({ points: parameters.points, coupon: coupon?.coupon, signature: coupon?.signature });
  const quoted = await chain.quote(quoteTerms({ merchantId, payer, token: getAddress(request.token), amount: price }), discount);
  if ("error" in quoted) {
    const refusal = quoteRefusals[quoted.error];
    if (refusal) throw refusal();
    throw new CounterError("coupon_invalid", "The escrow refuses this discount.", { data: { error: quoted.error } });
  }
  return {
    price: price.toString(),
    points: parameters.points.toString(),
    couponDiscount: couponDiscount.toString(),
    payerAmount: quoted.payerAmount.toString(),
    pointsBalance: balance.toString(),
    maxPoints: maxPoints.toString(),
    coupon: coupon ? couponToJson(coupon.coupon) : null,
    couponSignature: coupon?.signature ?? "0x",
  };
}
