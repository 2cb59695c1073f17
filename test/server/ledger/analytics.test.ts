// Analytics against hand-computed numbers. The store counts in Europe/Berlin; the period is
// 26–28 March 2027, which holds two sales on either side of a local midnight that are on the
// same UTC day, the switch to summer time (28 March has 23 hours), a payer paying twice,
// a coupon, redeemed loyalty points, refunds (one of a sale made before the period), a voided
// authorization, and sales before and after the period that must not count. Money in base
// units of test USD (6 decimals); fee and loyalty rate 100 bps.
//
//   sale  payer  local time (Berlin)        items                      paid    discount  fee
//   P0    A      Sat 20 Mar 12:00 (before)  Bread 1 × 5.00             5.00    –         0.05
//   P1    A      Fri 26 Mar 23:30 CET       Coffee 2 × 3.50, Cake 4.00 10.00   coupon 1  0.10
//   P2    B      Sat 27 Mar 00:30 CET       Coffee 1 × 3.50            3.50    –         0.035
//   P3    A      Sat 27 Mar 14:00 CET       Cake 2 × 4.00              7.95    points .05 0.0795
//   P4    C      Sun 28 Mar 03:30 CEST      Tea 4 × 1.50               6.00    –         0.06
//              (authorized 01:30 CET, captured after the clocks went forward)
//   refunds: 1.00 of P0 on Sat 27 Mar 09:00; 2.00 of P1 on Sun 28 Mar 10:00
//   P5 B authorizes 4.00 on Sun 28 Mar 12:00 and the merchant voids it; P6 B pays 2.00 on Mon 29 Mar (after)
import { expect } from "chai";
import { keccak256, toHex } from "viem";
import { createBackOfficeFixture, unix, type BackOfficeFixture } from "./backOfficeFixture.ts";

describe("ledger: analytics in the store's time zone", function () {
  this.timeout(180_000);
  let fx: BackOfficeFixture;
  const [A, B, C] = [6, 7, 9];
  const analytics = (query: string, token = fx.merchant.token, storeId = fx.storeId) => fx.call("GET", `/api/stores/${storeId}/analytics?${query}`, token);

  before(async function () {
    fx = await createBackOfficeFixture({ timeZone: "Europe/Berlin" });
    const p0 = await fx.sell(unix("2027-03-20T11:00:00Z"), A, [{ name: "Bread", quantity: 1, unitPrice: "5000000" }], { operation: "charge" });
    const p1 = await fx.sell(unix("2027-03-26T22:30:00Z"), A, [{ name: "Coffee", quantity: 2, unitPrice: "3500000" }, { name: "Cake", quantity: 1, unitPrice: "4000000" }], {
      coupon: { id: "SPRING", discountAmount: 1_000_000n },
      captureAt: unix("2027-03-26T22:31:00Z"),
    });
    await fx.sell(unix("2027-03-26T23:30:00Z"), B, [{ name: "Coffee", quantity: 1, unitPrice: "3500000" }], { operation: "charge" });
    await fx.refund(p0, 1_000_000n, unix("2027-03-27T08:00:00Z"));
    await fx.sell(unix("2027-03-27T13:00:00Z"), A, [{ name: "Cake", quantity: 2, unitPrice: "4000000" }], { operation: "charge", points: 50_000n });
    await fx.sell(unix("2027-03-28T00:30:00Z"), C, [{ name: "Tea", quantity: 4, unitPrice: "1500000" }], { captureAt: unix("2027-03-28T01:30:00Z") });
    await fx.refund(p1, 2_000_000n, unix("2027-03-28T08:00:00Z"));
    const p5 = await fx.sell(unix("2027-03-28T10:00:00Z"), B, [{ name: "Cake", quantity: 1, unitPrice: "4000000" }]);
    await fx.void(p5, unix("2027-03-28T10:05:00Z"));
    await fx.sell(unix("2027-03-29T07:00:00Z"), B, [{ name: "Bread", quantity: 1, unitPrice: "2000000" }], { operation: "charge" });
    await fx.indexed();
  });
  after(async () => fx?.close());

  it("adds up the period's sales, discounts, fees, refunds and net, with average ticket and refund rate", async function () {
    const response = await analytics("from=2027-03-26&to=2027-03-28");
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    const body = response.body;
    expect(body.store).to.deep.equal({ id: fx.storeId, name: "Corner Bakery", currency: "USD", decimals: 6, timeZone: "Europe/Berlin" });
    expect(body.period).to.deep.equal({ from: "2027-03-26", to: "2027-03-28", start: "2027-03-25T23:00:00.000Z", end: "2027-03-28T22:00:00.000Z", granularity: "day" });
    expect(body.summary).to.deep.equal({
      orders: 4,
      gross: "28500000",
      discounts: "1050000",
      fees: "274500",
      refunds: "3000000",
      net: "24175500",
      captured: "27450000",
      averageTicket: "6862500",
      refundCount: 2,
      refundRateBps: 1092,
      authorizations: 5,
    });
  });

  it("buckets sales by local day: 23:30 and 00:30 fall on different days although both are 26 March in UTC", async function () {
    const { body } = await analytics("from=2027-03-26&to=2027-03-28");
    expect(body.series).to.deep.equal([
      { start: "2027-03-25T23:00:00.000Z", label: "2027-03-26", orders: 1, gross: "11000000", discounts: "1000000", fees: "100000", refunds: "0", net: "9900000" },
      { start: "2027-03-26T23:00:00.000Z", label: "2027-03-27", orders: 2, gross: "11500000", discounts: "50000", fees: "114500", refunds: "1000000", net: "10335500" },
      { start: "2027-03-27T23:00:00.000Z", label: "2027-03-28", orders: 1, gross: "6000000", discounts: "0", fees: "60000", refunds: "2000000", net: "3940000" },
    ]);
  });

  it("has 23 hourly buckets on the day the clocks go forward, with no 02:00", async function () {
    const { status, body } = await analytics("from=2027-03-28&to=2027-03-28&granularity=hour");
    expect(status).to.equal(200);
    expect(body.series).to.have.length(23);
    const labels = body.series.map((bucket: { label: string }) => bucket.label.slice(11));
    expect(labels.slice(0, 4)).to.deep.equal(["00:00", "01:00", "03:00", "04:00"]);
    const busy = body.series.filter((bucket: { orders: number; refunds: string }) => bucket.orders > 0 || bucket.refunds !== "0");
    expect(busy.map((bucket: { label: string; orders: number; refunds: string }) => [bucket.label, bucket.orders, bucket.refunds])).to.deep.equal([
      ["2027-03-28T03:00", 1, "0"],
      ["2027-03-28T10:00", 0, "2000000"],
    ]);
    expect(busy[0].start).to.equal("2027-03-28T01:00:00.000Z");
  });

  it("fills the peak-hours grid by local weekday and hour", async function () {
    const { body } = await analytics("from=2027-03-26&to=2027-03-28");
    expect(body.peakHours).to.deep.equal([
      { weekday: 5, hour: 23, orders: 1, captured: "10000000" },
      { weekday: 6, hour: 0, orders: 1, captured: "3500000" },
      { weekday: 6, hour: 14, orders: 1, captured: "7950000" },
      { weekday: 7, hour: 3, orders: 1, captured: "6000000" },
    ]);
  });

  it("counts payers: two new, one returning who paid twice (a repeat payer)", async function () {
    const { body } = await analytics("from=2027-03-26&to=2027-03-28");
    expect(body.customers).to.deep.equal({ payers: 3, newPayers: 2, returningPayers: 1, repeatPayers: 1, repeatRateBps: 3333 });
    // Over the whole history every payer is new; A (3 sales) and B (2) are repeat payers.
    const all = await analytics("from=2027-03-01&to=2027-03-31");
    expect(all.body.customers).to.deep.equal({ payers: 3, newPayers: 3, returningPayers: 0, repeatPayers: 2, repeatRateBps: 6666 });
  });

  it("ranks the line items of the period's sales by revenue and by quantity", async function () {
    const { body } = await analytics("from=2027-03-26&to=2027-03-28");
    expect(body.topItems.byRevenue).to.deep.equal([
      { name: "Cake", quantity: 3, revenue: "12000000", orders: 2 },
      { name: "Coffee", quantity: 3, revenue: "10500000", orders: 2 },
      { name: "Tea", quantity: 4, revenue: "6000000", orders: 1 },
    ]);
    expect(body.topItems.byQuantity.map((item: { name: string }) => item.name)).to.deep.equal(["Tea", "Cake", "Coffee"]);
  });

  it("reports loyalty points issued, redeemed and burned, and coupon redemptions", async function () {
    const { body } = await analytics("from=2027-03-26&to=2027-03-28");
    expect(body.loyalty).to.deep.equal({ pointsIssued: "274500", pointsRedeemed: "50000", pointsBurned: "30000", pointsRestored: "0" });
    expect(body.coupons).to.deep.equal({ redemptions: 1, discount: "1000000", byCoupon: [{ couponId: keccak256(toHex("SPRING")), redemptions: 1, discount: "1000000" }] });
  });

  it("recounts in a new time zone: in UTC both sales around midnight are on 26 March", async function () {
    const changed = await fx.call("POST", `/api/stores/${fx.storeId}/time-zone`, fx.merchant.token, { timeZone: "UTC" });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    const { body } = await analytics("from=2027-03-26&to=2027-03-28");
    expect(body.store.timeZone).to.equal("UTC");
    expect(body.series.map((bucket: { label: string; orders: number }) => [bucket.label, bucket.orders])).to.deep.equal([
      ["2027-03-26", 2],
      ["2027-03-27", 1],
      ["2027-03-28", 1],
    ]);
    expect(body.summary.orders).to.equal(4);
    const back = await fx.call("POST", `/api/stores/${fx.storeId}/time-zone`, fx.merchant.token, { timeZone: "Europe/Berlin" });
    expect(back.status).to.equal(200);
    expect((await analytics("from=2027-03-26&to=2027-03-28")).body.series[0].orders).to.equal(1);
  });

  it("shows a merchant only its own stores: another merchant gets 403, no session 401", async function () {
    const other = await fx.signUp(0n);
    const created = await fx.call("POST", "/api/stores", other.token, { name: "Other shop", currency: "USD" });
    expect(created.status).to.equal(201);
    const theirs = await analytics("from=2027-03-26&to=2027-03-28", other.token, created.body.store.id);
    expect(theirs.status).to.equal(200);
    expect(theirs.body.summary.orders).to.equal(0);
    expect(theirs.body.series).to.have.length(3);
    const mine = await analytics("from=2027-03-26&to=2027-03-28", other.token);
    expect(mine.status).to.equal(403);
    expect(mine.body.error.reason).to.equal("forbidden");
    const timeZone = await fx.call("POST", `/api/stores/${fx.storeId}/time-zone`, other.token, { timeZone: "Asia/Tokyo" });
    expect(timeZone.status).to.equal(403);
    expect((await fx.call("GET", `/api/stores/${fx.storeId}/analytics`)).status).to.equal(401);
  });

  it("refuses bad periods and unknown time zones with a reason", async function () {
    const cases: [string, number, string][] = [
      ["from=2027-03-28&to=2027-03-26", 400, "invalid_period"],
      ["from=2027-01-01&to=2027-03-28&granularity=hour", 400, "invalid_period"],
      ["from=2025-01-01&to=2027-03-28", 400, "invalid_period"],
      ["from=2027-02-30&to=2027-03-28", 400, "invalid_input"],
      ["from=yesterday", 400, "invalid_input"],
      ["granularity=minute", 400, "invalid_input"],
    ];
    for (const [query, status, reason] of cases) {
      const response = await analytics(query);
      expect(response.status, query).to.equal(status);
      expect(response.body.error.reason, query).to.equal(reason);
    }
    for (const timeZone of ["Mars/Olympus_Mons", "UTC+3", "", "Europe/Berlin; DROP TABLE x"]) {
      const response = await fx.call("POST", `/api/stores/${fx.storeId}/time-zone`, fx.merchant.token, { timeZone });
      expect(response.status, timeZone).to.equal(400);
      expect(response.body.error.reason, timeZone).to.be.oneOf(["invalid_time_zone", "invalid_input"]);
    }
    const [row] = await fx.db.query<{ time_zone: string }>("SELECT time_zone FROM commerce_stores WHERE id = $1", [fx.storeId]);
    expect(row!.time_zone).to.equal("Europe/Berlin");
  });
});
