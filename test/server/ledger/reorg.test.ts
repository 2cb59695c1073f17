// Reorganisations on the local chain (evm_snapshot / evm_revert, then a different chain built
// on the older block): the indexer notices that the next block's parent is not the block it
// recorded last, rolls the ledger back to the common ancestor and reads the new chain. After
// each reorganisation the ledger equals one rebuilt from the chain alone. One of them is deeper
// than the confirmation depth and than the finality depth, and removes a payment that paid a
// request, which opens again; another shortens the chain.
import { expect } from "chai";
import { parseUnits } from "viem";
import { findPayment } from "../../../server/src/commerce/payments.ts";
import { createLedgerFixture, indexToHead, type LedgerFixture } from "./ledgerFixture.ts";

describe("ledger: reorganisations", function () {
  this.timeout(120_000);
  let fx: LedgerFixture;
  const usd = (amount: string) => parseUnits(amount, 6);

  before(async function () {
    fx = await createLedgerFixture();
    await fx.actors.fund(usd("1000"));
    await fx.actors.fund(usd("1000"), 6);
  });
  after(async () => fx?.close());

  it("rolls back a capture the chain dropped (the chain got shorter), then records the void that replaced it", async function () {
    const indexer = fx.indexer();
    await indexToHead(indexer);
    const paid = await fx.actors.pay(usd("10"));
    const beforeCapture = await fx.snapshot();
    const captured = await fx.actors.capture(paid.terms, usd("10"));
    await indexToHead(indexer);
    expect(await findPayment(fx.store, paid.paymentId)).to.deep.include({ status: "captured", captured: usd("10").toString(), finality: "pending" });

    // The capture's block is gone and nothing replaced it yet.
    await fx.revert(beforeCapture);
    expect(await fx.head()).to.equal(paid.blockNumber);
    const batches = await indexToHead(indexer);
    expect(batches[0]?.rolledBack).to.deep.include({ ancestor: paid.blockNumber, removedEvents: 1, payments: [paid.paymentId] });
    const payment = await findPayment(fx.store, paid.paymentId);
    expect(payment).to.deep.include({ status: "authorized", captured: "0" });
    expect(payment.events.map((event) => event.transactionHash)).to.not.include(captured.transactionHash.toLowerCase());
    let { live, rebuilt } = await fx.liveAndRebuilt();
    expect(live).to.deep.equal(rebuilt);

    // The new chain voids the payment instead.
    const voided = await fx.actors.void(paid.terms);
    await indexToHead(indexer);
    expect(await findPayment(fx.store, paid.paymentId)).to.deep.include({ status: "voided", captured: "0", authorized: usd("10").toString() });
    expect((await findPayment(fx.store, paid.paymentId)).events.at(-1)).to.deep.include({ kind: "voided", transactionHash: voided.transactionHash.toLowerCase() });
    ({ live, rebuilt } = await fx.liveAndRebuilt());
    expect(live).to.deep.equal(rebuilt);
  });

  it("rolls back a reorganisation deeper than the confirmation and finality depths, reopening the request a removed payment paid", async function () {
    const confirmations = 2n;
    const indexer = fx.indexer({ confirmations });
    await fx.mine(3);
    await indexToHead(indexer);

    // Off-chain order data: a request and the checkout the first payment pays.
    const terms = await fx.actors.terms(usd("25"), { orderRef: "reorg-request" });
    const paymentId = await fx.insertCheckout(terms, "reorgrequest1");
    const requestPayment = () => fx.requestPayment("reorgrequest1");

    // The old chain: the request paid and captured, a charge with a coupon, then enough blocks to finalize them.
    const fork = await fx.snapshot();
    const forkBlock = await fx.head();
    await fx.actors.pay(terms);
    await fx.actors.capture(terms, usd("25"));
    const charged = await fx.actors.pay(usd("8"), { operation: "charge", coupon: { id: "REORG1", discountAmount: usd("1") } }, 6);
    await fx.mine(6);
    await indexToHead(indexer);
    expect(await requestPayment()).to.equal(paymentId);
    expect(await findPayment(fx.store, paymentId)).to.deep.include({ status: "captured", finality: "finalized" });
    expect((await findPayment(fx.store, charged.paymentId)).finality).to.equal("finalized");
    const oldHead = await fx.head();

    // The new chain from the fork: another payment, and more blocks than the old chain had.
    await fx.revert(fork);
    const other = await fx.actors.pay(usd("3"), {}, 6);
    await fx.mine(Number(oldHead - forkBlock));
    const batches = await indexToHead(indexer);
    const rollback = batches.find((batch) => batch.rolledBack)?.rolledBack;
    expect(rollback, "a rollback").to.not.equal(undefined);
    expect(rollback!.ancestor <= forkBlock).to.equal(true);
    const depth = oldHead - confirmations - rollback!.ancestor;
    expect(depth > confirmations && depth > 4n, `depth ${depth}`).to.equal(true);
    // authorize + capture of the request's payment, authorize + capture of the charge
    expect(rollback!.removedEvents).to.equal(4);
    expect(await requestPayment()).to.equal(null);
    for (const removed of [paymentId, charged.paymentId]) {
      const error = await findPayment(fx.store, removed).catch((caught: unknown) => caught);
      expect(error).to.have.property("reason", "not_found");
    }
    expect(await findPayment(fx.store, other.paymentId)).to.deep.include({ status: "authorized", authorized: usd("3").toString(), finality: "finalized" });
    let { live, rebuilt } = await fx.liveAndRebuilt({ confirmations });
    expect(live).to.deep.equal(rebuilt);

    // The payer pays the request again on the new chain: it is paid again, by the same payment id.
    await fx.actors.pay(terms);
    await fx.mine(Number(confirmations));
    await indexToHead(indexer);
    expect(await requestPayment()).to.equal(paymentId);
    expect(await findPayment(fx.store, paymentId)).to.deep.include({ status: "authorized", finality: "safe" });
    ({ live, rebuilt } = await fx.liveAndRebuilt({ confirmations }));
    expect(live).to.deep.equal(rebuilt);
  });

  it("shows a payment as final only once every step is: pending, then safe, then finalized as blocks are added", async function () {
    const indexer = fx.indexer();
    const paid = await fx.actors.pay(usd("4"), { operation: "charge" });
    await indexToHead(indexer);
    const finalities = [(await findPayment(fx.store, paid.paymentId)).finality];
    for (let block = 0; block < 4; block++) {
      await fx.mine();
      await indexToHead(indexer);
      finalities.push((await findPayment(fx.store, paid.paymentId)).finality);
    }
    expect(finalities).to.deep.equal(["pending", "pending", "safe", "safe", "finalized"]);
    // A refund makes the payment not final again until the refund is.
    await fx.actors.refund(paid.terms, usd("1"));
    await indexToHead(indexer);
    const refunded = await findPayment(fx.store, paid.paymentId);
    expect(refunded.finality).to.equal("pending");
    expect(refunded.events.map((event) => event.finality)).to.deep.equal(["finalized", "finalized", "pending"]);
  });
});
