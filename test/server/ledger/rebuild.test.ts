// The ledger rebuilt from chain events alone equals the one the indexer built live: every
// escrow event with its fee, discounts, loyalty points, coupon, payout, refunder, user
// operation and finality, every payment's totals and status, and the requests they paid.
// The payments cover each step: authorize, partial capture, void of the rest, charge with a
// coupon and points, refund, reclaim after expiry.
import { expect } from "chai";
import { keccak256, parseUnits, toHex } from "viem";
import { findPayment } from "../../../server/src/commerce/payments.ts";
import { createLedgerFixture, indexToHead, ledgerRows, type LedgerFixture } from "./ledgerFixture.ts";

describe("ledger: rebuilt from the chain alone", function () {
  this.timeout(120_000);
  let fx: LedgerFixture;
  const usd = (amount: string) => parseUnits(amount, 6);

  before(async function () {
    fx = await createLedgerFixture();
    await fx.actors.fund(usd("1000"));
  });
  after(async () => fx?.close());

  it("records every receipt field: fee and payout on capture, discounts and points at checkout, refunder and points on refund", async function () {
    const indexer = fx.indexer();
    // Earn points: 20.00 captured at 100 bps loyalty = 200,000 points (one point per base unit off).
    const first = await fx.actors.pay(usd("20"), { operation: "charge" });
    // Redeem 150,000 points and a 10% coupon on a 30.00 price: pays 30 - 3 - 0.15 = 26.85.
    const second = await fx.actors.pay(usd("30"), { points: 150_000n, coupon: { id: "TENOFF", discountBps: 1_000 } });
    await fx.actors.capture(second.terms, usd("20"));
    await fx.actors.void(second.terms);
    await fx.actors.refund(first.terms, usd("5"));
    await indexToHead(indexer);

    const events = await fx.store.query(
      `SELECT kind, amount, price, points_redeemed, coupon_id, coupon_discount, fee, payout, fee_receiver, points_minted,
              refunder, points_burned, points_restored, first_capture, discount
         FROM commerce_payment_events WHERE payment_id = $1 ORDER BY block_number, log_index`,
      [second.paymentId],
    );
    const merchant = fx.actors.merchant.account.address.toLowerCase();
    expect(events).to.deep.equal([
      { kind: "authorized", amount: "26850000", price: "30000000", points_redeemed: "150000", coupon_id: keccak256(toHex("TENOFF")), coupon_discount: "3000000", fee: "0", payout: null, fee_receiver: null, points_minted: "0", refunder: null, points_burned: "0", points_restored: "0", first_capture: false, discount: "0" },
      { kind: "captured", amount: "20000000", price: null, points_redeemed: "0", coupon_id: null, coupon_discount: "0", fee: "200000", payout: merchant, fee_receiver: fx.deployed.deployment.feeReceiver.toLowerCase(), points_minted: "200000", refunder: null, points_burned: "0", points_restored: "0", first_capture: true, discount: "3150000" },
      // 6.85 of 26.85 goes back: the redeemed points are credited back in proportion (150,000 × 6.85 / 26.85, rounded down).
      { kind: "voided", amount: "6850000", price: null, points_redeemed: "0", coupon_id: null, coupon_discount: "0", fee: "0", payout: null, fee_receiver: null, points_minted: "0", refunder: null, points_burned: "0", points_restored: ((150_000n * 6_850_000n) / 26_850_000n).toString(), first_capture: false, discount: "0" },
    ]);
    const [refund] = await fx.store.query("SELECT refunder, points_burned, amount FROM commerce_payment_events WHERE payment_id = $1 AND kind = 'refunded'", [first.paymentId]);
    expect(refund).to.deep.equal({ refunder: merchant, points_burned: "50000", amount: "5000000" });
    const [payment] = await fx.store.query(
      "SELECT status, authorized, captured, released, refunded, price, points_redeemed, coupon_discount, fees, points_minted, points_restored FROM commerce_payments WHERE payment_id = $1",
      [second.paymentId],
    );
    expect(payment).to.deep.equal({
      status: "captured",
      authorized: "26850000",
      captured: "20000000",
      released: "6850000",
      refunded: "0",
      price: "30000000",
      points_redeemed: "150000",
      coupon_discount: "3000000",
      fees: "200000",
      points_minted: "200000",
      points_restored: events[2]!.points_restored,
    });
  });

  it("rebuilds the same ledger after its tables are emptied, including a reclaim after expiry and a paid request", async function () {
    const indexer = fx.indexer();
    const expiring = await fx.actors.pay(usd("2"), { expiresIn: 60 });
    await fx.chain.provider.request({ method: "evm_increaseTime", params: [120] });
    await fx.actors.reclaim(expiring.terms);
    const terms = await fx.actors.terms(usd("7"));
    const paymentId = await fx.insertCheckout(terms, "rebuildrequest");
    await fx.actors.pay(terms, { operation: "charge" });
    await fx.mine(3);
    await indexToHead(indexer);
    expect(await findPayment(fx.store, expiring.paymentId)).to.deep.include({ status: "reclaimed", captured: "0" });

    const { live, rebuilt } = await fx.liveAndRebuilt();
    expect(live.events.length).to.equal(10);
    expect(live.payments.length).to.equal(4);
    expect(live.requests).to.deep.include({ id: "rebuildrequest", payment_id: paymentId, paid_at: live.payments.find((row) => row.payment_id === paymentId)!.created_at });
    expect(rebuilt).to.deep.equal(live);
    expect(await ledgerRows(fx.store)).to.deep.equal(live);
  });
});
