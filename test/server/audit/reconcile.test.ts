// The audit of a merchant's books against the relayer's real ledger (PGlite, or PostgreSQL in the
// postgres suite): untouched, it finds no difference and conservation holds to the unit; each way of
// tampering with the ledger is named with its category. Every tamper runs inside a transaction that is
// rolled back, so the tests do not depend on each other.
import { expect } from "chai";
import { type Hex, erc20Abi, keccak256, toHex } from "viem";
import type { AuditReport } from "@paykey/sdk/api/audit";
import { runAudit } from "@paykey/sdk/audit";
import { ledgerReader } from "../../../server/src/audit/ledgerReader.ts";
import type { Queryable } from "../../../server/src/db/store.ts";
import { type CommerceFixture, sharedCommerceFixture } from "../helpers/commerceFixture.ts";
import { type AuditScenario, sharedAuditScenario } from "./scenario.ts";

class Rollback extends Error {
  readonly report: AuditReport;
  constructor(report: AuditReport) {
    super("rolled back on purpose");
    this.report = report;
  }
}

describe("audit: reconciliation of a merchant's books with the relayer's ledger", function () {
  let fx: CommerceFixture;
  let scenario: AuditScenario;

  before(async function () {
    fx = await sharedCommerceFixture();
    scenario = await sharedAuditScenario(fx);
  });

  /** Audits the scenario's merchant with `tamper` applied to the ledger, then rolls the tamper back. */
  async function audit(tamper?: (db: Queryable) => Promise<unknown>): Promise<AuditReport> {
    const store = fx.relayer.store;
    try {
      await store.transaction(async (tx) => {
        await tamper?.(tx);
        throw new Rollback(
          await runAudit({
            client: fx.publicClient,
            contracts: { escrow: fx.escrow, startBlock: BigInt(fx.deployment.startBlock) },
            merchantId: scenario.merchantId,
            period: { fromBlock: scenario.startBlock, toBlock: scenario.endBlock },
            ledger: ledgerReader(Object.assign(tx, { kind: store.kind }), fx.escrow),
          }),
        );
      });
    } catch (error) {
      if (error instanceof Rollback) return error.report;
      throw error;
    }
    throw new Error("unreachable");
  }

  /** The differences without their messages, for exact comparison. */
  const found = (report: AuditReport) => report.differences.map(({ message: _message, ...difference }) => difference);

  it("finds no difference in an untouched ledger, and the escrow holds exactly what is still authorized", async function () {
    const report = await audit();
    expect(report.differences).to.deep.equal([]);
    expect(report.summary).to.deep.include({ ok: true, differences: 0, unexplained: 0 });
    expect(report.books).to.deep.include({ payments: 3, events: 7 });
    expect(report.payments.map((payment) => [payment.paymentId, payment.status, payment.authorized, payment.captured, payment.refunded, payment.released])).to.deep.equal([
      [scenario.full.paymentId, "captured", "10500000", "10500000", "0", "0"],
      [scenario.partial.paymentId, "refunded", "20000000", "15000000", "5000000", "0"],
      [scenario.voided.paymentId, "voided", "7500000", "0", "0", "7500000"],
    ]);
    expect(report.payments[0]!.fees).to.equal("105000");
    expect(report.ledger).to.deep.include({ payments: 3, events: 7 });

    // Conservation: the escrow's balance at the period's end equals what all merchants' payments still hold.
    const balance = await fx.publicClient.readContract({ address: fx.usd, abi: erc20Abi, functionName: "balanceOf", args: [fx.escrow], blockNumber: scenario.endBlock });
    expect(report.conservation.ok).to.equal(true);
    expect(report.conservation.violations).to.deep.equal([]);
    expect(report.conservation.tokens).to.deep.equal([{ token: fx.usd.toLowerCase(), balance: String(balance), held: String(balance), ok: true }]);
    expect(report.period.toBlock).to.deep.include({ number: String(scenario.endBlock), hash: (await fx.publicClient.getBlock({ blockNumber: scenario.endBlock })).hash });
  });

  it("names a changed payment amount 'amount_differs'", async function () {
    const report = await audit((db) => db.query("UPDATE commerce_payments SET captured = captured + 1 WHERE payment_id = $1", [scenario.full.paymentId]));
    expect(found(report)).to.deep.equal([
      { category: "amount_differs", explained: false, subject: "payment", paymentId: scenario.full.paymentId, transactionHash: null, logIndex: null, blockNumber: null, field: "captured", chain: "10500000", ledger: "10500001" },
    ]);
    expect(report.summary).to.deep.include({ ok: false, unexplained: 1 });
  });

  it("names a changed event amount 'amount_differs' at its transaction and log", async function () {
    const [refund] = await fx.relayer.store.query<{ transaction_hash: Hex; log_index: number; block_number: string }>(
      "SELECT transaction_hash, log_index, block_number FROM commerce_payment_events WHERE payment_id = $1 AND kind = 'refunded'",
      [scenario.partial.paymentId],
    );
    const report = await audit((db) => db.query("UPDATE commerce_payment_events SET amount = 4000000 WHERE transaction_hash = $1 AND log_index = $2", [refund!.transaction_hash, refund!.log_index]));
    expect(found(report)).to.deep.equal([
      { category: "amount_differs", explained: false, subject: "event", paymentId: scenario.partial.paymentId, transactionHash: refund!.transaction_hash, logIndex: refund!.log_index, blockNumber: refund!.block_number, field: "amount", chain: "5000000", ledger: "4000000" },
    ]);
  });

  it("names a deleted event row and a deleted payment row 'missing_in_ledger'", async function () {
    const [capture] = await fx.relayer.store.query<{ transaction_hash: Hex; log_index: number }>(
      "SELECT transaction_hash, log_index FROM commerce_payment_events WHERE payment_id = $1 AND kind = 'captured'",
      [scenario.full.paymentId],
    );
    const report = await audit(async (db) => {
      await db.query("DELETE FROM commerce_payment_events WHERE transaction_hash = $1 AND log_index = $2", [capture!.transaction_hash, capture!.log_index]);
      await db.query("DELETE FROM commerce_payments WHERE payment_id = $1", [scenario.voided.paymentId]);
    });
    expect(found(report).map(({ category, subject, paymentId, transactionHash, field }) => ({ category, subject, paymentId, transactionHash, field }))).to.deep.equal([
      // In chain order: the voided payment was authorized before the other was captured.
      { category: "missing_in_ledger", subject: "payment", paymentId: scenario.voided.paymentId, transactionHash: scenario.voided.transactionHash.toLowerCase(), field: null },
      { category: "missing_in_ledger", subject: "event", paymentId: scenario.full.paymentId, transactionHash: capture!.transaction_hash, field: null },
    ]);
  });

  it("names a fake payment inserted into the ledger 'extra_in_ledger', payment and event", async function () {
    const fakeId = keccak256(toHex("a payment that never happened"));
    const fakeTx = keccak256(toHex("a transaction that never happened"));
    const block = await fx.publicClient.getBlock({ blockNumber: scenario.endBlock });
    const report = await audit(async (db) => {
      await db.query(
        `INSERT INTO commerce_payments (payment_id, merchant_id, payer, token, status, authorized, price, order_ref, line_items_hash, block_number, log_index, finality)
         VALUES ($1, $2, $3, $4, 'authorized', 9990000, 9990000, $5, $5, $6, 0, 'finalized')`,
        [fakeId, scenario.merchantId, scenario.merchant.address.toLowerCase(), fx.usd.toLowerCase(), keccak256(toHex("fake")), scenario.endBlock],
      );
      await db.query(
        `INSERT INTO commerce_payment_events
           (transaction_hash, log_index, payment_id, kind, amount, block_number, block_hash, block_timestamp,
            merchant_id, payer, token, order_ref, line_items_hash, price, finality)
         VALUES ($1, 0, $2, 'authorized', 9990000, $3, $4, now(), $5, $6, $7, $8, $8, 9990000, 'finalized')`,
        [fakeTx, fakeId, scenario.endBlock, block.hash, scenario.merchantId, scenario.merchant.address.toLowerCase(), fx.usd.toLowerCase(), keccak256(toHex("fake"))],
      );
    });
    expect(found(report)).to.deep.equal([
      { category: "extra_in_ledger", explained: false, subject: "event", paymentId: fakeId, transactionHash: fakeTx, logIndex: 0, blockNumber: String(scenario.endBlock), field: null, chain: null, ledger: "authorized 9990000" },
      { category: "extra_in_ledger", explained: false, subject: "payment", paymentId: fakeId, transactionHash: null, logIndex: null, blockNumber: null, field: null, chain: null, ledger: "authorized 9990000" },
    ]);
  });

  it("names a flipped status 'status_differs'", async function () {
    const report = await audit((db) => db.query("UPDATE commerce_payments SET status = 'refunded' WHERE payment_id = $1", [scenario.full.paymentId]));
    expect(found(report)).to.deep.equal([
      { category: "status_differs", explained: false, subject: "payment", paymentId: scenario.full.paymentId, transactionHash: null, logIndex: null, blockNumber: null, field: "status", chain: "captured", ledger: "refunded" },
    ]);
  });

  it("names an edited line item 'line_items_mismatch': the itemised receipt no longer hashes to the on-chain commitment", async function () {
    const report = await audit((db) =>
      db.query(`UPDATE commerce_requests SET line_items = jsonb_set(line_items, '{0,unitPrice}', '"2000000"') WHERE id = $1`, [scenario.full.requestId]),
    );
    const edited = [{ name: "Espresso", quantity: 2, unitPrice: "2000000" }, { name: "Cake", quantity: 1, unitPrice: "4500000" }];
    const { hashLineItems } = await import("@paykey/sdk/commerce");
    expect(found(report)).to.deep.equal([
      {
        category: "line_items_mismatch",
        explained: false,
        subject: "payment",
        paymentId: scenario.full.paymentId,
        transactionHash: null,
        logIndex: null,
        blockNumber: null,
        field: "request.lineItems",
        chain: scenario.full.terms.lineItemsHash.toLowerCase(),
        ledger: hashLineItems(edited),
      },
    ]);
  });

  it("names a row whose block is no longer on the chain 'reorged_away'", async function () {
    const orphan = keccak256(toHex("a block of a fork"));
    const [authorization] = await fx.relayer.store.query<{ transaction_hash: Hex; log_index: number; block_number: string }>(
      "SELECT transaction_hash, log_index, block_number FROM commerce_payment_events WHERE payment_id = $1 AND kind = 'authorized'",
      [scenario.voided.paymentId],
    );
    const report = await audit((db) => db.query("UPDATE commerce_payment_events SET block_hash = $1 WHERE transaction_hash = $2 AND log_index = $3", [orphan, authorization!.transaction_hash, authorization!.log_index]));
    expect(found(report).map(({ category, explained, transactionHash, field, ledger }) => ({ category, explained, transactionHash, field, ledger }))).to.deep.equal([
      { category: "reorged_away", explained: false, transactionHash: authorization!.transaction_hash, field: "blockHash", ledger: orphan },
    ]);
  });

  it("lists events after the ledger's indexed block as 'not_final_yet', explained: the audit still passes", async function () {
    const [refund] = await fx.relayer.store.query<{ transaction_hash: Hex; log_index: number; block_number: string }>(
      "SELECT transaction_hash, log_index, block_number FROM commerce_payment_events WHERE payment_id = $1 AND kind = 'voided'",
      [scenario.voided.paymentId],
    );
    // The ledger as it was before its indexer read the void's block.
    const report = await audit(async (db) => {
      await db.query("DELETE FROM commerce_payment_events WHERE transaction_hash = $1", [refund!.transaction_hash]);
      await db.query("UPDATE commerce_payments SET status = 'authorized', released = 0 WHERE payment_id = $1", [scenario.voided.paymentId]);
      await db.query("UPDATE commerce_cursors SET next_block = $1 WHERE name = $2", [refund!.block_number, `escrow:${fx.escrow.toLowerCase()}`]);
    });
    expect(found(report)).to.deep.equal([
      {
        category: "not_final_yet",
        explained: true,
        subject: "event",
        paymentId: scenario.voided.paymentId,
        transactionHash: refund!.transaction_hash,
        logIndex: refund!.log_index,
        blockNumber: refund!.block_number,
        field: null,
        chain: "voided 7500000",
        ledger: null,
      },
    ]);
    expect(report.summary).to.deep.include({ ok: true, unexplained: 0, explained: 1 });
    expect(report.ledger!.indexedThrough).to.equal(String(BigInt(refund!.block_number) - 1n));
  });
});
