// The back office's route tests (analytics, exports, webhooks): a relayer (commerce and
// ledger modules, its indexer running) on its own chain; the fixture's EOA merchant (#1)
// backs a store owned by a passkey-signed-in merchant; sales go through the real request and
// checkout routes and are paid, captured and refunded on-chain by EOA actors at chosen block
// times (evm_setNextBlockTimestamp), so days, hours and time zones can be checked exactly.
import { parseUnits, type Hex, type PublicClient } from "viem";
import { readCursor } from "../../../server/src/commerce/indexer.ts";
import type { ConfigInput } from "../../../server/src/config.ts";
import { termsFromJson } from "@paykey/sdk/commerce";
import { createCommerceFixture, waitFor, type User } from "../helpers/commerceFixture.ts";
import { createEscrowActors, type PayOptions } from "./escrowActors.ts";

export type Sale = { requestId: string; paymentId: Hex; terms: ReturnType<typeof termsFromJson> };
export type LineItemIn = { name: string; quantity: number; unitPrice: string };

/** Unix seconds of an ISO time. */
export const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export async function createBackOfficeFixture(parameters: { timeZone?: string; env?: ConfigInput } = {}) {
  const fx = await createCommerceFixture(parameters.env ?? {});
  const db = fx.relayer.store;
  const actors = createEscrowActors(fx.chain.url, { ...fx, publicClient: fx.publicClient as PublicClient });
  const rpc = (method: string, params: unknown[] = []) => fx.chain.provider.request({ method, params });

  // The merchant signs in with a passkey; its store is backed by the fixture's merchant #1.
  const merchant: User = await fx.signUp(0n);
  const storeId = "backofficestore1";
  await db.query(
    `INSERT INTO commerce_stores (id, owner_account, name, currency, settlement_token, payout, loyalty_bps, status, merchant_id, fee_bps, time_zone)
     VALUES ($1, $2, 'Corner Bakery', 'USD', $3, $4, 100, 'active', $5, $6, $7)`,
    [storeId, merchant.address.toLowerCase(), fx.usd.toLowerCase(), actors.merchant.account.address.toLowerCase(), fx.merchantId, fx.deployment.defaultFeeBps, parameters.timeZone ?? "UTC"],
  );
  for (const index of [6, 7, 9]) await actors.fund(parseUnits("1000", 6), index);

  /** The next block's timestamp. */
  const at = (seconds: number) => rpc("evm_setNextBlockTimestamp", [seconds]);

  /** A request of `items` through the API, its checkout for payer `payer` (a dev account index), and the payment at `time`. */
  async function sell(time: number, payer: number, items: LineItemIn[], options: PayOptions & { captureAt?: number; requestOrderRef?: string } = {}): Promise<Sale> {
    const amount = items.reduce((sum, item) => sum + BigInt(item.unitPrice) * BigInt(item.quantity), 0n).toString();
    const created = await fx.call("POST", `/api/stores/${storeId}/requests`, merchant.token, { amount, orderRef: options.requestOrderRef ?? `order-${time}-${payer}`, lineItems: items });
    if (created.status !== 201) throw new Error(`request: ${JSON.stringify(created.body)}`);
    // A block shortly before, so the checkout's expiries count from the sale's time.
    await at(time - 60);
    await rpc("evm_mine");
    const checkout = await fx.call("POST", `/api/requests/${created.body.request.id}/checkout`, undefined, { payer: actors.payerAddress(payer) });
    if (checkout.status !== 200) throw new Error(`checkout: ${JSON.stringify(checkout.body)}`);
    const terms = termsFromJson(checkout.body.terms);
    await at(time);
    const paid = await actors.pay(terms, options);
    if (options.captureAt !== undefined) {
      await at(options.captureAt);
      await actors.capture(terms, paid.terms.amount - discountOf(options, terms.amount));
    }
    return { requestId: created.body.request.id, paymentId: paid.paymentId, terms };
  }

  return {
    ...fx,
    db,
    actors,
    merchant,
    storeId,
    at,
    sell,
    /** Refunds `amount` of `sale` at `time`. */
    async refund(sale: Sale, amount: bigint, time: number) {
      await at(time);
      return actors.refund(sale.terms, amount);
    },
    async void(sale: Sale, time: number) {
      await at(time);
      return actors.void(sale.terms);
    },
    /** Waits until the indexer has read every block up to the chain's head. */
    async indexed() {
      const head = await fx.publicClient.getBlockNumber({ cacheTime: 0 });
      const cursorName = `escrow:${fx.escrow.toLowerCase()}`;
      await waitFor("the indexer to reach the head", async () => (((await readCursor(db, cursorName)) ?? 0n) > head ? true : undefined));
    },
  };
}

/** What a payer pays less than the price (fixed coupon and points; bps coupons are not used by these tests). */
function discountOf(options: PayOptions, price: bigint): bigint {
  const coupon = options.coupon ? (options.coupon.discountAmount ?? (price * BigInt(options.coupon.discountBps ?? 0)) / 10_000n) : 0n;
  return coupon + (options.points ?? 0n);
}

export type BackOfficeFixture = Awaited<ReturnType<typeof createBackOfficeFixture>>;
