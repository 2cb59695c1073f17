// The payment indexer keeps its cursor in SQL with the events of each batch: after a restart
// it resumes from the cursor and records what happened while it was down exactly once; re-
// reading blocks it already recorded (a rewound cursor, two indexers racing) changes nothing.
// Payments here are plain transactions from development EOAs (no user operation: userOpHash
// null), to the fixture's EOA merchant.
import { expect } from "chai";
import { createWalletClient, erc20Abi, http, keccak256, parseEventLogs, toHex, type Hex } from "viem";
import { hardhat } from "viem/chains";
import { devAccount, devAccountRoles } from "../../../scripts/lib/devAccounts.ts";
import { mintTestTokens } from "../../../scripts/deploy.ts";
import { createPaymentIndexer, readCursor, type IndexedBatch, type PaymentIndexerParameters } from "../../../server/src/commerce/indexer.ts";
import { applyPaymentEvent } from "@paykey/sdk/commerce";
import type { Store } from "../../../server/src/db/store.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import { noDiscount, type PaymentTerms } from "@paykey/sdk/wallet";
import { startChain, type TestChain } from "../helpers/chain.ts";
import { createTestStore } from "../helpers/database.ts";
import { deployOn } from "../helpers/fixture.ts";
import { startTestRelayer, type TestRelayer } from "../helpers/relayer.ts";
import { waitFor } from "../helpers/commerceFixture.ts";

describe("commerce: payment indexer", function () {
  let chain: TestChain;
  let deployed: Awaited<ReturnType<typeof deployOn>>;
  let store: Store;
  let relayer: TestRelayer | undefined;
  let salt = 0n;

  const payer = () => createWalletClient({ account: devAccount(devAccountRoles.demoPayers[1]), chain: hardhat, transport: http(chain.url) });
  const merchant = () => createWalletClient({ account: devAccount(devAccountRoles.demoMerchant), chain: hardhat, transport: http(chain.url) });
  const mined = async (hash: Hex) => {
    const receipt = await deployed.publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).to.equal("success");
    return receipt;
  };
  const startRelayer = () => startTestRelayer(chain.url, { DEPLOYMENT_FILE: deployed.deploymentFile, INDEXER_POLL_MS: "50" }, { store, runExecutor: false });
  const cursorName = () => `escrow:${deployed.deployment.paymentEscrow.toLowerCase()}`;

  async function authorize(amount: bigint): Promise<{ terms: PaymentTerms; paymentId: Hex }> {
    const { timestamp } = await deployed.publicClient.getBlock();
    salt += 1n;
    const terms: PaymentTerms = {
      merchantId: deployed.merchantId,
      payer: payer().account.address,
      token: deployed.usd,
      amount,
      feeBps: deployed.deployment.defaultFeeBps,
      authorizationExpiry: Number(timestamp) + 86_400,
      refundDeadline: Number(timestamp) + 30 * 86_400,
      orderRef: keccak256(toHex(`indexer-order-${salt}`)),
      lineItemsHash: keccak256(toHex(`indexer-items-${salt}`)),
      salt,
    };
    await mined(await payer().writeContract({ address: deployed.usd, abi: erc20Abi, functionName: "approve", args: [deployed.deployment.paymentEscrow, amount] }));
    const receipt = await mined(await payer().writeContract({ address: deployed.deployment.paymentEscrow, abi: iPaymentEscrowAbi, functionName: "authorize", args: [terms, noDiscount] }));
    const [event] = parseEventLogs({ abi: iPaymentEscrowAbi, logs: receipt.logs, eventName: "PaymentAuthorized" });
    return { terms, paymentId: event!.args.paymentId };
  }
  const capture = async (terms: PaymentTerms, amount: bigint) =>
    mined(await merchant().writeContract({ address: deployed.deployment.paymentEscrow, abi: iPaymentEscrowAbi, functionName: "capture", args: [terms, amount] }));
  const voidPayment = async (terms: PaymentTerms) =>
    mined(await merchant().writeContract({ address: deployed.deployment.paymentEscrow, abi: iPaymentEscrowAbi, functionName: "void", args: [terms] }));

  /** An indexer of the fixture's escrow on the test store, polling every 50 ms. */
  const indexerParameters = (extra: Partial<PaymentIndexerParameters>): PaymentIndexerParameters => ({
    store,
    client: deployed.publicClient,
    escrow: deployed.deployment.paymentEscrow,
    entryPoint: deployed.deployment.entryPoint,
    startBlock: BigInt(deployed.deployment.startBlock),
    pollIntervalMs: 50,
    logger: createLogger("silent"),
    ...extra,
  });

  /** Every recorded event of `paymentIds`, and the payments' totals, as the database holds them. */
  async function snapshot(paymentIds: Hex[]) {
    const ids = JSON.stringify(paymentIds.map((id) => id.toLowerCase()));
    const events = await store.query(
      `SELECT payment_id, kind, amount, transaction_hash, log_index, block_number, user_op_hash FROM commerce_payment_events
        WHERE payment_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY block_number, log_index`,
      [ids],
    );
    const payments = await store.query(
      `SELECT payment_id, status, authorized, captured, refunded, released FROM commerce_payments
        WHERE payment_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY payment_id`,
      [ids],
    );
    return { events, payments };
  }

  /** The escrow's logs for `paymentIds` straight from the chain, as (kind, amount, tx, log index). */
  async function chainEvents(paymentIds: Hex[]) {
    const logs = await deployed.publicClient.getContractEvents({ address: deployed.deployment.paymentEscrow, abi: iPaymentEscrowAbi, fromBlock: 0n });
    const kinds: Record<string, string> = { PaymentAuthorized: "authorized", PaymentCaptured: "captured", PaymentVoided: "voided" };
    return logs
      .filter((log) => log.eventName in kinds && paymentIds.includes((log.args as { paymentId: Hex }).paymentId))
      .map((log) => [kinds[log.eventName], (log.args as { amount: bigint }).amount.toString(), log.transactionHash, log.logIndex]);
  }

  before(async function () {
    chain = await startChain();
    deployed = await deployOn(chain.url);
    store = await createTestStore();
    await mintTestTokens({ publicClient: deployed.publicClient, walletClient: deployed.deployer }, deployed.usd, payer().account.address, 1_000_000_000n);
  });

  after(async function () {
    await relayer?.close();
    await store?.close();
    await chain?.close();
  });

  let first: { terms: PaymentTerms; paymentId: Hex };
  let second: { terms: PaymentTerms; paymentId: Hex };

  it("resumes from its cursor after a restart and records what happened meanwhile exactly once", async function () {
    relayer = await startRelayer();
    first = await authorize(10_000_000n);
    const captured = await capture(first.terms, 5_000_000n);
    await waitFor("first capture indexed", async () => ((await readCursor(store, cursorName())) ?? 0n) > captured.blockNumber || undefined);
    const cursorBeforeStop = (await readCursor(store, cursorName()))!;
    await relayer.close();
    relayer = undefined;

    // While the relayer is down: another capture, a second payment and its void, empty blocks.
    await capture(first.terms, 3_000_000n);
    second = await authorize(7_000_000n);
    const voided = await voidPayment(second.terms);
    await chain.provider.request({ method: "evm_mine", params: [] });
    expect((await readCursor(store, cursorName()))!).to.equal(cursorBeforeStop);

    relayer = await startRelayer();
    await waitFor("void indexed", async () => ((await readCursor(store, cursorName())) ?? 0n) > voided.blockNumber || undefined);
    const { events, payments } = await snapshot([first.paymentId, second.paymentId]);
    expect(events.map((event) => [event.kind, event.amount, event.transaction_hash, event.log_index])).to.deep.equal(await chainEvents([first.paymentId, second.paymentId]));
    expect(events.every((event) => event.user_op_hash === null)).to.equal(true);
    expect(events.map((event) => event.kind)).to.deep.equal(["authorized", "captured", "captured", "authorized", "voided"]);
    const byId = Object.fromEntries(payments.map((payment) => [payment.payment_id, payment]));
    expect(byId[first.paymentId.toLowerCase()]).to.deep.include({ status: "captured", authorized: "10000000", captured: "8000000", refunded: "0", released: "0" });
    expect(byId[second.paymentId.toLowerCase()]).to.deep.include({ status: "voided", authorized: "7000000", captured: "0", released: "7000000" });
    await relayer.close();
    relayer = undefined;
  });

  it("changes nothing when blocks are read again: a fresh indexer starts at the cursor, a rewound or racing one records nothing twice", async function () {
    const before = await snapshot([first.paymentId, second.paymentId]);
    const parameters = indexerParameters({ maxBlockRange: 4n });
    const cursor = (await readCursor(store, cursorName()))!;
    await chain.provider.request({ method: "evm_mine", params: [] });
    const fresh = await createPaymentIndexer(parameters).runOnce();
    expect(fresh).to.deep.include({ fromBlock: cursor, recorded: 0, skipped: 0 });

    await store.query("UPDATE commerce_cursors SET next_block = $2 WHERE name = $1", [cursorName(), parameters.startBlock]);
    const racers = [createPaymentIndexer(parameters), createPaymentIndexer(parameters)];
    const batches: IndexedBatch[] = [];
    for (let round = 0; round < 100; round++) {
      const results = (await Promise.all(racers.map((indexer) => indexer.runOnce()))).filter((batch) => batch !== undefined);
      batches.push(...results);
      if (results.length === 0 || results.every((batch) => batch.toBlock >= batch.latestBlock)) break;
    }
    expect(batches.reduce((sum, batch) => sum + batch.recorded, 0)).to.equal(0);
    expect(batches.reduce((sum, batch) => sum + batch.skipped, 0)).to.be.greaterThan(0);
    expect(await snapshot([first.paymentId, second.paymentId])).to.deep.equal(before);
    expect((await readCursor(store, cursorName()))! > cursor).to.equal(true);
  });

  it("with confirmations, indexes an event only once enough blocks are on top of it", async function () {
    const indexer = createPaymentIndexer(indexerParameters({ confirmations: 2n }));
    while ((await indexer.runOnce()) !== undefined);
    const third = await authorize(3_000_000n);
    const included = await deployed.publicClient.getBlockNumber({ cacheTime: 0 });
    const indexed = async () => (await snapshot([third.paymentId])).events.length;

    // In the latest block, then with one block on top: not yet.
    const batch = await indexer.runOnce();
    expect(batch === undefined || batch.toBlock <= included - 2n, JSON.stringify(batch, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value))).to.equal(true);
    expect(await indexed()).to.equal(0);
    await chain.provider.request({ method: "evm_mine", params: [] });
    await indexer.runOnce();
    expect(await indexed()).to.equal(0);
    expect((await readCursor(store, cursorName()))!).to.equal(included);

    // Two blocks on top: indexed, once.
    await chain.provider.request({ method: "evm_mine", params: [] });
    expect(await indexer.runOnce()).to.deep.include({ fromBlock: included, toBlock: included, recorded: 1 });
    expect((await snapshot([third.paymentId])).events.map((event) => event.kind)).to.deep.equal(["authorized"]);
    expect(await indexer.runOnce()).to.equal(undefined);
  });
});

describe("commerce: payment status from events", function () {
  const start: Parameters<typeof applyPaymentEvent>[0] = { authorized: 0n, captured: 0n, refunded: 0n, released: 0n, status: "authorized" };
  const run = (...steps: [Parameters<typeof applyPaymentEvent>[1], bigint][]) => steps.reduce((totals, [kind, amount]) => applyPaymentEvent(totals, kind, amount), start);

  it("follows authorized → captured → refunded, and void or reclaim of an uncaptured payment", function () {
    expect(run(["authorized", 10n])).to.deep.equal({ ...start, authorized: 10n });
    expect(run(["authorized", 10n], ["captured", 4n], ["captured", 6n])).to.deep.include({ status: "captured", captured: 10n });
    expect(run(["authorized", 10n], ["captured", 10n], ["refunded", 2n])).to.deep.include({ status: "refunded", refunded: 2n });
    expect(run(["authorized", 10n], ["voided", 10n])).to.deep.include({ status: "voided", released: 10n });
    expect(run(["authorized", 10n], ["reclaimed", 10n])).to.deep.include({ status: "reclaimed", released: 10n });
  });

  it("keeps a partly captured payment captured (or refunded) when its remainder is voided", function () {
    expect(run(["authorized", 10n], ["captured", 4n], ["voided", 6n])).to.deep.equal({ authorized: 10n, captured: 4n, refunded: 0n, released: 6n, status: "captured" });
    expect(run(["authorized", 10n], ["captured", 4n], ["refunded", 1n], ["reclaimed", 6n])).to.deep.include({ status: "refunded", released: 6n });
  });
});
