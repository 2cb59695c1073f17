// CSV exports, parsed back with csv-parse: payments, line items, and the settlement report by
// payment and by day. Item names and order references a spreadsheet would execute come out
// escaped; the FX columns fill in once an `fx_conversions` table of the agreed shape exists;
// a store with more rows than one batch streams every row exactly once; another merchant's
// store is refused.
import { expect } from "chai";
import { parse } from "csv-parse/sync";
import { lineItemColumns, paymentColumns, settlementDayColumns, settlementPaymentColumns } from "@paykey/sdk/api/exports";
import { createBackOfficeFixture, unix, type BackOfficeFixture, type Sale } from "./backOfficeFixture.ts";

const hostile = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"];

describe("ledger: CSV exports", function () {
  this.timeout(180_000);
  let fx: BackOfficeFixture;
  let coffee: Sale;
  let hostileSale: Sale;
  let charged: Sale;

  /** GET an export; returns the raw text, the parsed records (header row → keys) and the header row itself. */
  async function csv(path: string, token = fx.merchant.token) {
    const response = await fetch(`${fx.relayer.url}/api/stores/${fx.storeId}/exports/${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    if (response.status !== 200) return { status: response.status, text, records: [] as Record<string, string>[], header: [] as string[] };
    const rows = parse(text) as string[][];
    const records = parse(text, { columns: true }) as Record<string, string>[];
    return { status: response.status, text, records, header: rows[0]!, contentType: response.headers.get("content-type"), disposition: response.headers.get("content-disposition") };
  }

  before(async function () {
    fx = await createBackOfficeFixture({ timeZone: "America/New_York" });
    // 1 May 2027, New York is UTC−4.
    coffee = await fx.sell(unix("2027-05-01T13:00:00Z"), 6, [{ name: "Coffee", quantity: 2, unitPrice: "3500000" }], {
      coupon: { id: "MAYDAY", discountAmount: 500_000n },
      captureAt: unix("2027-05-01T13:05:00Z"),
      requestOrderRef: "A-100",
    });
    hostileSale = await fx.sell(unix("2027-05-01T20:00:00Z"), 7, hostile.map((name) => ({ name, quantity: 1, unitPrice: "1000000" })), {
      operation: "charge",
      requestOrderRef: "=cmd|' /C calc'!A0",
    });
    await fx.refund(coffee, 1_500_000n, unix("2027-05-02T15:00:00Z"));
    // An authorization never captured: in payments.csv, not in the settlement.
    await fx.sell(unix("2027-05-02T16:00:00Z"), 9, [{ name: "Muffin", quantity: 1, unitPrice: "2500000" }]);
    // 02:30 UTC on 3 May is 22:30 on 2 May in New York.
    charged = await fx.sell(unix("2027-05-03T02:30:00Z"), 6, [{ name: "Bagel", quantity: 3, unitPrice: "2000000" }], { operation: "charge", points: 50_000n });
    await fx.indexed();
  });
  after(async () => fx?.close());

  it("payments.csv: a header row of the stable column names and one row per payment authorized in the period", async function () {
    const { status, header, records, contentType, disposition } = await csv("payments.csv?from=2027-05-01&to=2027-05-03");
    expect(status).to.equal(200);
    expect(contentType).to.equal("text/csv; charset=utf-8");
    expect(disposition).to.equal(`attachment; filename="${fx.storeId}-payments-2027-05-01-2027-05-03.csv"`);
    expect(header).to.deep.equal([...paymentColumns]);
    expect(records.map((row) => row.payment_id)).to.have.length(4);
    const first = records.find((row) => row.payment_id === coffee.paymentId)!;
    expect(first).to.deep.include({
      status: "refunded",
      authorized_date: "2027-05-01",
      order_ref: "A-100",
      request_id: coffee.requestId,
      currency: "USD",
      price: "7.00",
      coupon_discount: "0.50",
      authorized: "6.50",
      captured: "6.50",
      fees: "0.065",
      refunded: "1.50",
      released: "0.00",
      net: "4.935",
      points_minted: "65000",
    });
    expect(first.authorized_local_time).to.match(/^2027-05-01 09:00:0\d$/);
    expect(first.authorized_utc).to.match(/^2027-05-01T13:00:0\d\.000Z$/);
    expect(first.authorization_transaction_hash).to.match(/^0x[0-9a-f]{64}$/);
    const muffin = records.find((row) => row.status === "authorized")!;
    expect(muffin).to.deep.include({ captured: "0.00", net: "0.00", authorized: "2.50" });
  });

  it("line-items.csv: every item of every sale, with formula-like names and order references escaped", async function () {
    const { header, records, text } = await csv("line-items.csv?from=2027-05-01&to=2027-05-03");
    expect(header).to.deep.equal([...lineItemColumns]);
    expect(records.map((row) => [row.payment_id, row.item, row.quantity, row.unit_price, row.total])).to.deep.equal([
      [coffee.paymentId, "Coffee", "2", "3.50", "7.00"],
      ...hostile.map((name) => [hostileSale.paymentId, `'${name}`, "1", "1.00", "1.00"]),
      [charged.paymentId, "Bagel", "3", "2.00", "6.00"],
    ]);
    expect(records[1]!.order_ref).to.equal("'=cmd|' /C calc'!A0");
    expect(records.at(-1)).to.deep.include({ sale_date: "2027-05-02", currency: "USD" });
    // No field starts with a character a spreadsheet would execute.
    for (const row of parse(text, { from_line: 2 }) as string[][]) for (const field of row) expect(field, field).to.not.match(/^[=+\-@\t\r]/);
  });

  it("settlement.csv by payment: gross, discount, fee, net to payout, refunds and transactions of each sale; FX columns empty without conversions", async function () {
    const { header, records } = await csv("settlement.csv?from=2027-05-01&to=2027-05-03");
    expect(header).to.deep.equal([...settlementPaymentColumns]);
    expect(records.map((row) => row.payment_id)).to.deep.equal([coffee.paymentId, hostileSale.paymentId, charged.paymentId]);
    expect(records[0]).to.deep.include({
      sale_date: "2027-05-01",
      order_ref: "A-100",
      gross: "7.00",
      discount: "0.50",
      fee: "0.065",
      net_to_payout: "6.435",
      refunded: "1.50",
      net: "4.935",
      paid_token: "",
      paid_amount: "",
      fx_rate: "",
      fx_spread_bps: "",
    });
    expect(records[2]).to.deep.include({ sale_date: "2027-05-02", gross: "6.00", discount: "0.05", fee: "0.0595", net_to_payout: "5.8905", refunded: "0.00" });
    expect(records[2]!.capture_transaction_hash).to.equal(records[2]!.authorization_transaction_hash);
    expect(records[0]!.capture_transaction_hash).to.not.equal(records[0]!.authorization_transaction_hash);
  });

  it("settlement.csv by day: every local day of the period, days without sales included", async function () {
    const { header, records } = await csv("settlement.csv?from=2027-04-30&to=2027-05-03&by=day");
    expect(header).to.deep.equal([...settlementDayColumns]);
    expect(records).to.deep.equal([
      { date: "2027-04-30", currency: "USD", sales: "0", gross: "0.00", discounts: "0.00", fees: "0.00", net_to_payout: "0.00", refunds: "0.00", net: "0.00", fx_conversions: "0" },
      { date: "2027-05-01", currency: "USD", sales: "2", gross: "13.00", discounts: "0.50", fees: "0.125", net_to_payout: "12.375", refunds: "0.00", net: "12.375", fx_conversions: "0" },
      { date: "2027-05-02", currency: "USD", sales: "1", gross: "6.00", discounts: "0.05", fees: "0.0595", net_to_payout: "5.8905", refunds: "1.50", net: "4.3905", fx_conversions: "0" },
      { date: "2027-05-03", currency: "USD", sales: "0", gross: "0.00", discounts: "0.00", fees: "0.00", net_to_payout: "0.00", refunds: "0.00", net: "0.00", fx_conversions: "0" },
    ]);
  });

  it("fills the FX columns from fx_conversions once that table exists", async function () {
    await fx.db.query(
      `CREATE TABLE IF NOT EXISTS fx_conversions (
         transaction_hash TEXT NOT NULL, log_index INTEGER NOT NULL, payment_id TEXT, payer TEXT NOT NULL, token_in TEXT NOT NULL, token_out TEXT NOT NULL,
         amount_in NUMERIC(78,0) NOT NULL, amount_out NUMERIC(78,0) NOT NULL, rate NUMERIC(78,0) NOT NULL, rate_decimals INTEGER NOT NULL,
         spread_bps INTEGER NOT NULL, feed_round_id NUMERIC(78,0) NOT NULL, block_number NUMERIC(78,0) NOT NULL, block_hash TEXT NOT NULL,
         block_timestamp TIMESTAMPTZ NOT NULL, PRIMARY KEY (transaction_hash, log_index))`,
    );
    const eur = fx.deployment.tokens.EUR!.address.toLowerCase();
    // The payer paid 6.35 tEURC for the 6.50 tUSDC sale at 1.0850 USD per EUR with a 30 bps spread.
    await fx.db.query(
      `INSERT INTO fx_conversions VALUES ('0x' || repeat('ab', 32), 3, $1, $2, $3, $4, 6350000, 6500000, 108500000, 8, 30, 7, 123, '0x' || repeat('cd', 32), '2027-05-01T13:00:00Z')`,
      [coffee.paymentId, coffee.terms.payer.toLowerCase(), eur, fx.usd.toLowerCase()],
    );
    try {
      const { records } = await csv("settlement.csv?from=2027-05-01&to=2027-05-03");
      expect(records[0]).to.deep.include({ paid_token: eur, paid_amount: "6.35", fx_rate: "1.085", fx_spread_bps: "30" });
      expect(records[1]).to.deep.include({ paid_token: "", fx_rate: "" });
      const daily = await csv("settlement.csv?from=2027-05-01&to=2027-05-01&by=day");
      expect(daily.records[0]!.fx_conversions).to.equal("1");
    } finally {
      await fx.db.query("DROP TABLE fx_conversions");
    }
  });

  it("streams more rows than one batch, each exactly once, in order (payments sharing one block time)", async function () {
    // 2,500 payments of another merchant id in one second: the keyset pages on (time, payment id).
    await fx.db.query(
      `INSERT INTO commerce_stores (id, owner_account, name, currency, settlement_token, payout, loyalty_bps, status, merchant_id, fee_bps)
       VALUES ('bulkstore1', $1, 'Bulk', 'USD', $2, $1, 0, 'active', 999, 0)`,
      [fx.merchant.address.toLowerCase(), fx.usd.toLowerCase()],
    );
    await fx.db.query(
      `INSERT INTO commerce_payments (payment_id, merchant_id, payer, token, status, authorized, captured, order_ref, line_items_hash, block_number, log_index, created_at, updated_at, price, first_captured_at)
       SELECT '0x' || lpad(to_hex(i), 64, '0'), 999, $1, $2, 'captured', 1000000, 1000000, '0x00', '0x00', 1, i, '2027-05-01T12:00:00Z', '2027-05-01T12:00:00Z', 1000000, '2027-05-01T12:00:00Z'
         FROM generate_series(1, 2500) i`,
      [fx.merchant.address.toLowerCase(), fx.usd.toLowerCase()],
    );
    const response = await fetch(`${fx.relayer.url}/api/stores/bulkstore1/exports/settlement.csv?from=2027-05-01&to=2027-05-01`, {
      headers: { authorization: `Bearer ${fx.merchant.token}` },
    });
    const records = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(records).to.have.length(2500);
    expect(new Set(records.map((row) => row.payment_id)).size).to.equal(2500);
    expect(records.map((row) => row.payment_id)).to.deep.equal([...records.map((row) => row.payment_id)].sort());
  });

  it("refuses another merchant's store (403), no session (401) and a bad period (400)", async function () {
    const other = await fx.signUp(0n);
    expect((await csv("payments.csv", other.token)).status).to.equal(403);
    expect((await fetch(`${fx.relayer.url}/api/stores/${fx.storeId}/exports/payments.csv`)).status).to.equal(401);
    const bad = await csv("settlement.csv?from=2027-05-03&to=2027-05-01");
    expect(bad.status).to.equal(400);
    expect(JSON.parse(bad.text).error.reason).to.equal("invalid_period");
    const badDate = await csv("line-items.csv?from=2027-02-30");
    expect(badDate.status).to.equal(400);
    expect(JSON.parse(badDate.text).error.reason).to.equal("invalid_input");
  });
});
