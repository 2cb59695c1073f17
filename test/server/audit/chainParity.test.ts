// The audit reads the chain only through JSON-RPC, so it must reach the same result whichever node
// answers: the same scenario is played on the in-process chain (read through its EIP-1193 provider in
// this process) and on a separate `hardhat node` process (read over HTTP), each indexed into its own
// ledger by the relayer's indexer and tampered the same way. Then conservation is broken for real (the
// escrow's token balance lowered in chain state) and the audit says so.
import { expect } from "chai";
import { type Client, type Hex, createPublicClient, custom, encodeAbiParameters, http, keccak256, numberToHex } from "viem";
import { hardhat } from "viem/chains";
import type { AuditReport } from "@paykey/sdk/api/audit";
import { runAudit } from "@paykey/sdk/audit";
import { type LocalChain, startLocalChain } from "../../../scripts/lib/chain.ts";
import { ledgerReader } from "../../../server/src/audit/ledgerReader.ts";
import type { Store } from "../../../server/src/db/store.ts";
import { type TestChain, startChain } from "../helpers/chain.ts";
import { type EoaScenario, indexLedger, playEoaScenario } from "./eoaScenario.ts";

/** What must agree between two chains that only differ in block hashes and times. */
function comparable(report: AuditReport) {
  const { period, payments, differences, conservation, books, summary, ledger } = report;
  return {
    blocks: [period.fromBlock.number, period.toBlock.number],
    payments: payments.map(({ events, ...payment }) => ({ ...payment, events: events.map(({ blockHash: _hash, ...event }) => event) })),
    differences,
    conservation,
    books,
    summary,
    ledger,
  };
}

describe("audit: the same result from the in-process chain and from a separate node over HTTP", function () {
  let inProcess: TestChain;
  let separate: LocalChain;
  const sides: { name: string; client: Client; scenario: EoaScenario; store: Store }[] = [];

  before(async function () {
    this.timeout(300_000);
    inProcess = await startChain();
    separate = await startLocalChain();
    for (const [name, url, client] of [
      ["in-process", inProcess.url, createPublicClient({ chain: hardhat, transport: custom(inProcess.provider) })],
      ["hardhat node", separate.url, createPublicClient({ chain: hardhat, transport: http(separate.url) })],
    ] as const) {
      const scenario = await playEoaScenario(url);
      sides.push({ name, client, scenario, store: await indexLedger(url, scenario) });
    }
  });

  after(async function () {
    for (const side of sides) await side.store.close();
    await inProcess?.close();
    await separate?.stop();
  });

  const audit = (side: (typeof sides)[number], merchantId = side.scenario.merchants.one) =>
    runAudit({
      client: side.client,
      contracts: { escrow: side.scenario.escrow, startBlock: BigInt(side.scenario.deployment.startBlock) },
      merchantId,
      period: {},
      ledger: ledgerReader(side.store, side.scenario.escrow),
    });

  it("plays the same scenario on both chains: same payment ids, same blocks", function () {
    const [a, b] = sides as [(typeof sides)[0], (typeof sides)[0]];
    expect(a.scenario.payments).to.deep.equal(b.scenario.payments);
    expect(a.scenario.endBlock).to.equal(b.scenario.endBlock);
  });

  it("rebuilds identical books with no difference on both", async function () {
    const [a, b] = await Promise.all(sides.map((side) => audit(side)));
    expect(comparable(a!)).to.deep.equal(comparable(b!));
    expect(a!.summary).to.deep.include({ ok: true, differences: 0 });
    expect(a!.payments.map((payment) => [payment.paymentId, payment.status, payment.captured, payment.refunded, payment.released])).to.deep.equal([
      [sides[0]!.scenario.payments.refunded, "refunded", "100000000", "30000000", "0"],
      [sides[0]!.scenario.payments.charged, "captured", "50000000", "0", "0"],
      [sides[0]!.scenario.payments.voided, "voided", "0", "0", "20000000"],
      [sides[0]!.scenario.payments.held, "authorized", "0", "0", "0"],
    ]);
    // All merchants count for conservation: merchant two's 40 USD and merchant one's 10 USD are still held.
    expect(a!.conservation.tokens).to.deep.equal([{ token: sides[0]!.scenario.usd.toLowerCase(), balance: "50000000", held: "50000000", ok: true }]);
    expect(a!.conservation.paymentsFollowed).to.equal(5);
  });

  it("names the same tampering the same way on both", async function () {
    for (const side of sides) {
      await side.store.query("UPDATE commerce_payments SET refunded = 25000000 WHERE payment_id = $1", [side.scenario.payments.refunded]);
      await side.store.query("DELETE FROM commerce_payment_events WHERE payment_id = $1 AND kind = 'voided'", [side.scenario.payments.voided]);
    }
    const [a, b] = await Promise.all(sides.map((side) => audit(side)));
    expect(comparable(a!)).to.deep.equal(comparable(b!));
    expect(a!.differences.map((difference) => [difference.category, difference.subject, difference.field])).to.deep.equal([
      ["missing_in_ledger", "event", null],
      ["amount_differs", "payment", "refunded"],
    ]);
    expect(a!.summary.ok).to.equal(false);
  });

  it("fails conservation when the escrow holds less than its payments say", async function () {
    const side = sides[0]!;
    const { escrow, usd } = side.scenario;
    // Lower the escrow's token balance in chain state: find the balance mapping's slot (the storage word
    // that holds exactly the escrow's balance), then write one unit less into it.
    const balanceWord = numberToHex(50_000_000n, { size: 32 });
    let slot: Hex | undefined;
    for (let index = 0n; index < 32n && !slot; index++) {
      const candidate = keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [escrow, index]));
      if ((await inProcess.provider.request({ method: "eth_getStorageAt", params: [usd, candidate, "latest"] })) === balanceWord) slot = candidate;
    }
    expect(slot, "the token's balance slot").to.not.equal(undefined);
    await inProcess.provider.request({ method: "hardhat_setStorageAt", params: [usd, slot, numberToHex(49_999_999n, { size: 32 })] });
    await inProcess.provider.request({ method: "evm_mine", params: [] });
    expect(await side.client.request({ method: "eth_call", params: [{ to: usd, data: "0x70a08231" + escrow.slice(2).padStart(64, "0") }, "latest"] } as never)).to.equal(
      numberToHex(49_999_999n, { size: 32 }),
    );
    const report = await audit(side, side.scenario.merchants.two);
    expect(report.conservation).to.deep.include({ ok: false });
    expect(report.conservation.tokens).to.deep.equal([{ token: usd.toLowerCase(), balance: "49999999", held: "50000000", ok: false }]);
    expect(report.summary.ok).to.equal(false);
  });
});
