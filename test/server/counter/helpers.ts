// Steps the counter tests share, done as the web app does them: a store owner hires a cashier (invite,
// accept, setMerchantOperator from the owner's passkey account, sync), signs coupons with the merchant's
// passkey account (ERC-1271 through ERC-7739), and a payer pays a request with points and/or a coupon.
import { expect } from "chai";
import { type Address, type Hex, parseUnits } from "viem";
import type { DiscountQuote } from "@paykey/sdk/api/counter";
import { buildDiscount, couponFromJson, couponToJson, getCouponTypedData, newCouponId, type Coupon, type CouponJson } from "@paykey/sdk/coupons";
import { buildPaymentCalls } from "@paykey/sdk/wallet";
import { termsFromJson } from "@paykey/sdk/commerce";
import { createCommerceFixture, type CommerceFixture, type User } from "../helpers/commerceFixture.ts";

export type OpenStore = Awaited<ReturnType<CommerceFixture["openStore"]>>;

let shared: Promise<CommerceFixture> | undefined;

/**
 * One fixture for the counter's test files (a relayer start costs seconds). Its own, not the commerce
 * files' one: the role matrix alone makes hundreds of calls from one address, past the per-IP limit.
 */
export function sharedCounterFixture(): Promise<CommerceFixture> {
  shared ??= createCommerceFixture({ RATE_LIMIT_PER_IP: "100000" });
  return shared;
}

after(async function () {
  if (shared) await (await shared).close();
});

/** Invite → accept → owner's on-chain approval → sync: an active cashier of `shop`. */
export async function hireCashier(fx: CommerceFixture, shop: OpenStore, label = "Ana"): Promise<User> {
  const cashier = await fx.signUp(0n);
  const invite = await fx.call("POST", `/api/stores/${shop.store.id}/cashiers/invites`, shop.merchant.token, { label });
  expect(invite.status, JSON.stringify(invite.body)).to.equal(201);
  const token = (invite.body.invite.url as string).split("/").at(-1)!;
  const accepted = await fx.call("POST", `/api/cashier-invites/${token}/accept`, cashier.token, {});
  expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
  const approve = await fx.call("POST", `/api/stores/${shop.store.id}/cashiers/${cashier.address}/approve`, shop.merchant.token, {});
  expect(approve.status, JSON.stringify(approve.body)).to.equal(200);
  await fx.sendCalls(shop.merchant, approve.body.calls);
  const synced = await fx.call("POST", `/api/stores/${shop.store.id}/cashiers/${cashier.address}/sync`, shop.merchant.token, {});
  expect(synced.body.cashier).to.include({ status: "active", onChain: true });
  return cashier;
}

/** A pending cashier (invite accepted, not yet approved on-chain). */
export async function pendingCashier(fx: CommerceFixture, shop: OpenStore, label = "Temp"): Promise<User> {
  const cashier = await fx.signUp(0n);
  const invite = await fx.call("POST", `/api/stores/${shop.store.id}/cashiers/invites`, shop.merchant.token, { label });
  const token = (invite.body.invite.url as string).split("/").at(-1)!;
  const accepted = await fx.call("POST", `/api/cashier-invites/${token}/accept`, cashier.token, {});
  expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
  return cashier;
}

/** A coupon for `shop` signed by its owner's passkey account (the merchant's coupon signer). */
export async function signCoupon(
  fx: CommerceFixture,
  shop: OpenStore,
  fields: Partial<Coupon> = {},
): Promise<{ coupon: CouponJson; signature: Hex }> {
  const { timestamp } = await fx.publicClient.getBlock();
  const coupon: Coupon = {
    merchantId: BigInt(shop.store.merchantId),
    couponId: newCouponId(),
    discountBps: 1_000,
    discountAmount: 0n,
    maxUses: 10,
    expiry: Number(timestamp) + 30 * 86_400,
    payer: "0x0000000000000000000000000000000000000000",
    ...fields,
  };
  const signature = await shop.merchant.account.signTypedData(getCouponTypedData({ escrow: fx.escrow, chainId: 31337, coupon }));
  return { coupon: couponToJson(coupon), signature };
}

/** A `shop` request of `amount` (base units) with one line item. */
export async function createRequest(fx: CommerceFixture, shop: OpenStore, amount: bigint, token = shop.merchant.token) {
  const response = await fx.call("POST", `/api/stores/${shop.store.id}/requests`, token, {
    amount: amount.toString(),
    orderRef: `R-${Math.random().toString(36).slice(2, 8)}`,
    lineItems: [{ name: "Goods", quantity: 1, unitPrice: amount.toString() }],
  });
  expect(response.status, JSON.stringify(response.body)).to.equal(201);
  return response.body.request as { id: string; amount: string };
}

/** Checkout and payment by `payer`, with what POST /discount priced (points and/or coupon code). */
export async function payRequest(
  fx: CommerceFixture,
  payer: User,
  requestId: string,
  discount: { points?: bigint; couponCode?: string } = {},
): Promise<{ paymentId: Hex; terms: ReturnType<typeof termsFromJson>; quote: DiscountQuote; userOpHash: Hex }> {
  const priced = await fx.call<DiscountQuote>("POST", `/api/requests/${requestId}/discount`, payer.token, {
    ...(discount.points !== undefined ? { points: discount.points.toString() } : {}),
    ...(discount.couponCode ? { couponCode: discount.couponCode } : {}),
  });
  expect(priced.status, JSON.stringify(priced.body)).to.equal(200);
  const quote = priced.body;
  const checkout = await fx.call("POST", `/api/requests/${requestId}/checkout`, payer.token, {});
  expect(checkout.status, JSON.stringify(checkout.body)).to.equal(200);
  const terms = termsFromJson(checkout.body.terms);
  const calls = buildPaymentCalls({
    escrowAddress: fx.escrow,
    terms,
    discount: buildDiscount({ points: BigInt(quote.points), coupon: quote.coupon ? couponFromJson(quote.coupon as CouponJson) : undefined, signature: quote.couponSignature as Hex }),
    payerAmount: BigInt(quote.payerAmount),
  });
  const { userOpHash } = await fx.sendCalls(payer, calls);
  return { paymentId: checkout.body.paymentId as Hex, terms, quote, userOpHash };
}

export const usd = (value: string) => parseUnits(value, 6);
export type { Address };
