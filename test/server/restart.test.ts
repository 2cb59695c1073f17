// Restart recovery: the relayer runs as a child process on a durable database (a PGlite data
// directory, or PostgreSQL in the `postgres` suite) against a chain that outlives it, and is
// killed with SIGKILL — no shutdown code runs — while passkey payments are received,
// submitted, fee-bumped or in flight. After each restart every payment must be included
// exactly once: one UserOperationEvent per userOpHash on-chain, one `included` outbox row,
// no bundle transaction that reverted, no bundle left open.
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { erc20Abi, parseEventLogs, type Hex } from "viem";
import type { UserOperation } from "viem/account-abstraction";
import { freePort } from "../../scripts/lib/chain.ts";
import { localChainId } from "@paykey/sdk/chain";
import type { ConfigInput } from "../../server/src/config.ts";
import { createPgliteStore, createPostgresStore, type Store } from "../../server/src/db/index.ts";
import { userOperationHash } from "../../server/src/rpc/userOperation.ts";
import { entryPointAbi } from "@paykey/sdk/contracts";
import { startChain, type TestChain } from "./helpers/chain.ts";
import { startChildRelayer, type ChildRelayer } from "./helpers/childRelayer.ts";
import { childDatabaseEnv, testPostgresUrl, uniqueSchema, usePostgres } from "./helpers/database.ts";
import { deployOn, rpcForm, withRelayer } from "./helpers/fixture.ts";
import { testEnv } from "./helpers/relayer.ts";

type Payer = Awaited<ReturnType<ReturnType<typeof withRelayer>["signUp"]>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await sleep(50);
  }
  throw new Error(`timed out waiting until ${what}${last ? `: ${String(last)}` : ""}`);
}

describe("relayer: restart recovery (child process killed with SIGKILL)", function () {
  this.timeout(240_000);

  let chain: TestChain;
  let deployed: Awaited<ReturnType<typeof deployOn>>;
  let fx: ReturnType<typeof withRelayer>;
  let current: ChildRelayer | undefined;
  let baseEnv: ConfigInput;
  const dataDir = mkdtempSync(join(tmpdir(), "paykey-restart-"));
  const schema = uniqueSchema();
  /** Every payment made, by userOpHash, with its amount. */
  const payments = new Map<Hex, bigint>();
  let amount = 0n;

  const start = async (env: ConfigInput = {}) => {
    current = await startChildRelayer({ ...baseEnv, ...env });
  };
  const kill = async () => {
    await current?.stop("SIGKILL");
    current = undefined;
  };
  const setAutomine = (on: boolean) => chain.provider.request({ method: "evm_setAutomine", params: [on] });
  const mine = () => chain.provider.request({ method: "evm_mine", params: [] });

  /** The outbox as the relayer reports it (it reads its own database). */
  async function statuses(hashes: readonly Hex[]): Promise<string[]> {
    const response = await fetch(fx.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(hashes.map((hash, id) => ({ jsonrpc: "2.0", id, method: "paykey_getUserOperationStatus", params: [hash] }))),
    });
    const answers = (await response.json()) as { id: number; result: { status: string } | null }[];
    return answers.sort((a, b) => a.id - b.id).map((answer) => answer.result?.status ?? "unknown");
  }
  const allAre = (hashes: readonly Hex[], status: string) =>
    waitUntil(`${hashes.length} operations are ${status}`, async () => (await statuses(hashes)).every((s) => s === status));
  /**
   * Mines a block at each look until every operation is included. A SIGKILL can land between
   * writing a bundle and handing it to the node; the restarted relayer then sends it, and with
   * automine off somebody has to mine it after that.
   */
  const mineUntilIncluded = (hashes: readonly Hex[]) =>
    waitUntil(`${hashes.length} operations are included`, async () => {
      if ((await statuses(hashes)).every((s) => s === "included")) return true;
      await mine();
      return false;
    });

  /** Opens the relayer's database while no relayer runs (a PGlite directory has one user at a time). */
  async function withDatabase<T>(read: (store: Store) => Promise<T>): Promise<T> {
    expect(current, "the relayer must be stopped to open its PGlite directory").to.equal(undefined);
    const store = usePostgres ? await createPostgresStore({ url: testPostgresUrl, schema }) : await createPgliteStore({ dataDir, schema });
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  }

  /** Kills the relayer, mines a block while it is down, restarts it, and mines until `hashes` are included. */
  async function restartAfterMining(hashes: readonly Hex[]): Promise<void> {
    await kill();
    await mine();
    await start();
    await mineUntilIncluded(hashes);
  }

  /** The bundle transactions the outbox still waits on, read while no relayer runs. */
  const pendingAttempts = () =>
    withDatabase((store) =>
      store.query<{ hash: Hex; broadcast_at: Date | null }>("SELECT hash, broadcast_at FROM bundle_transactions WHERE status = 'pending'"),
    );

  const reachMempool = (transactions: readonly Hex[]) =>
    waitUntil(`${transactions.length} bundle transactions are in the node's mempool`, async () => {
      const found = await Promise.all(transactions.map((hash) => chain.provider.request({ method: "eth_getTransactionByHash", params: [hash] })));
      return found.every((tx) => tx !== null);
    });

  async function metric(name: string): Promise<number> {
    const text = await (await fetch(`${fx.relayer.url}/metrics`)).text();
    const line = text.split("\n").find((entry) => entry.startsWith(name));
    return line ? Number(line.split(" ").at(-1)) : 0;
  }

  /**
   * Every bundle transaction this relayer process handed to the node arrived: each send is
   * counted once under submitted, replaced, rebroadcast or renonced, and once more under
   * broadcast when the node took it.
   */
  const allBroadcast = () =>
    waitUntil("every bundle transaction is broadcast", async () => {
      const counts = await Promise.all(
        ["submitted", "replaced", "rebroadcast", "renonced", "broadcast"].map((event) => metric(`paykey_bundles_total{event="${event}"}`)),
      );
      const broadcast = counts.pop()!;
      const sends = counts.reduce((sum, count) => sum + count, 0);
      return sends > 0 && broadcast >= sends;
    });

  /** Signed operations for `payers`, built and sponsored through the relayer, not sent yet. */
  async function signedPayments(payers: readonly Payer[]): Promise<{ hash: Hex; op: UserOperation<"0.8"> }[]> {
    return Promise.all(
      payers.map(async (payer) => {
        amount += 1n;
        const value = amount;
        const request = await fx.bundlerClient.prepareUserOperation({
          account: payer.account,
          calls: await fx.paymentCalls(payer.address, value),
        });
        const op = { ...request, signature: await payer.account.signUserOperation(request) } as UserOperation<"0.8">;
        const hash = userOperationHash(op, fx.entryPoint, localChainId);
        payments.set(hash, value);
        return { hash, op };
      }),
    );
  }

  /** One after another: each sign-up mints test tokens from the same deployer key. */
  async function signUpPayers(count: number): Promise<Payer[]> {
    const payers: Payer[] = [];
    for (let index = 0; index < count; index++) payers.push(await fx.signUp());
    return payers;
  }

  const send = (op: UserOperation<"0.8">) => fx.rpc("eth_sendUserOperation", [rpcForm(op as unknown as Record<string, unknown>), fx.entryPoint]);

  async function sendAll(payers: readonly Payer[]): Promise<Hex[]> {
    const signed = await signedPayments(payers);
    const answers = await Promise.all(signed.map(({ op }) => send(op)));
    answers.forEach((answer, index) => expect(answer.result, JSON.stringify(answer.error)).to.equal(signed[index]!.hash));
    return signed.map(({ hash }) => hash);
  }

  before(async function () {
    chain = await startChain();
    deployed = await deployOn(chain.url);
    const port = await freePort();
    baseEnv = testEnv(chain.url, {
      DEPLOYMENT_FILE: deployed.deploymentFile,
      PORT: String(port),
      RATE_LIMIT_PER_IP: "100000",
      ...childDatabaseEnv(dataDir, schema),
    });
    await start();
    // The URL stays the same across restarts (same port), so one set of clients serves all rounds.
    fx = withRelayer(chain, deployed, { url: current!.url, stop: kill });
  });

  // Each round turns automine off; a failing round must not leave the next one without blocks.
  afterEach(async function () {
    await setAutomine(true);
    if (!current) await start();
  });

  after(async function () {
    await kill();
    if (usePostgres) {
      const store = await createPostgresStore({ url: testPostgresUrl, schema, dropSchemaOnClose: true }).catch(() => undefined);
      await store?.close();
    }
    await setAutomine(true).catch(() => {});
    await chain?.close();
  });

  it("round 1: bundles submitted, relayer killed, mined while it was down: settled after restart", async function () {
    const payers = await signUpPayers(4);
    await setAutomine(false);
    const hashes = await sendAll(payers);
    await allAre(hashes, "submitted");
    await allBroadcast();
    await restartAfterMining(hashes);
  });

  it("round 2: killed between received and submitted; then killed after signing, before the node got the bundle: sent after restart", async function () {
    const payers = await signUpPayers(4);
    await setAutomine(false);
    // An executor that waits ten minutes between rounds: the operations stay `received`.
    await kill();
    await start({ BUNDLE_INTERVAL_MS: "600000", EXECUTOR_POLL_MS: "600000" });
    const hashes = await sendAll(payers);
    expect(await statuses(hashes)).to.deep.equal(hashes.map(() => "received"));
    await kill();

    // The node refuses broadcasts: bundles are signed and written, never sent.
    chain.refuse(["eth_sendRawTransaction"]);
    try {
      await start();
      await allAre(hashes, "submitted");
      await kill();
    } finally {
      chain.refuse();
    }
    const written = await pendingAttempts();
    expect(written.length).to.be.greaterThan(0);
    for (const attempt of written) {
      expect(attempt.broadcast_at).to.equal(null);
      expect(await chain.provider.request({ method: "eth_getTransactionByHash", params: [attempt.hash] })).to.equal(null);
    }

    await start();
    await reachMempool(written.map(({ hash }) => hash));
    await mine();
    await allAre(hashes, "included");
  });

  it("round 3: killed after broadcasting, and the node lost the transactions: the same bytes are sent again, included once", async function () {
    const payers = await signUpPayers(4);
    await setAutomine(false);
    const hashes = await sendAll(payers);
    await allAre(hashes, "submitted");
    await allBroadcast();
    await kill();
    // The node loses the pending bundle transactions (a restart, a full mempool).
    const pending = await pendingAttempts();
    expect(pending.length).to.be.greaterThan(0);
    for (const { hash, broadcast_at } of pending) {
      expect(broadcast_at).to.not.equal(null);
      await chain.provider.request({ method: "hardhat_dropTransaction", params: [hash] });
    }
    await mine();
    for (const { hash } of pending) expect(await fx.publicClient.getTransactionReceipt({ hash }).catch(() => null)).to.equal(null);

    await start();
    await reachMempool(pending.map(({ hash }) => hash));
    await mine();
    await allAre(hashes, "included");
    const mined = await Promise.all(pending.map(({ hash }) => fx.publicClient.getTransactionReceipt({ hash })));
    expect(mined.map((receipt) => receipt.status)).to.deep.equal(pending.map(() => "success"));
  });

  it("round 4: killed while a stuck bundle was being replaced with higher fees: the mined replacement is found", async function () {
    const payers = await signUpPayers(3);
    await setAutomine(false);
    await kill();
    await start({ EXECUTOR_STUCK_AFTER_MS: "300" });
    const hashes = await sendAll(payers);
    await allAre(hashes, "submitted");
    await waitUntil("a bundle transaction was replaced", async () => (await metric('paykey_bundles_total{event="replaced"}')) >= 1);
    await restartAfterMining(hashes);
  });

  it("round 5: killed at arbitrary moments while payments arrive and blocks are mined; clients resend what got no answer", async function () {
    const payers = await signUpPayers(6);
    const signed = await signedPayments(payers);
    const hashes = signed.map(({ hash }) => hash);
    const seen = new Set<string>();
    await setAutomine(false);
    await chain.provider.request({ method: "evm_setIntervalMining", params: [150] });
    try {
      for (const delayMs of [60, 250, 500, 900]) {
        // Every client sends its payment (again); the relayer dies after `delayMs`.
        const answers = Promise.all(signed.map(({ op }) => send(op).catch((error: unknown) => ({ error }))));
        await sleep(delayMs);
        for (const status of await statuses(hashes).catch(() => [])) seen.add(status);
        await kill();
        await answers;
        await start();
      }
      const answers = await Promise.all(signed.map(({ op }) => send(op)));
      answers.forEach((answer, index) => expect(answer.result, JSON.stringify(answer.error)).to.equal(hashes[index]));
      await allAre(hashes, "included");
    } finally {
      await chain.provider.request({ method: "evm_setIntervalMining", params: [0] });
      await setAutomine(true);
    }
    if (process.env.DEBUG_RESTART) console.log("states seen at a kill:", [...seen]);
  });

  it("every payment was included exactly once, on-chain and in the outbox", async function () {
    await kill();
    const logs = await fx.publicClient.getLogs({ address: fx.entryPoint, fromBlock: 0n, toBlock: "latest" });
    const events = parseEventLogs({ abi: entryPointAbi, logs, eventName: "UserOperationEvent" });
    const perHash = new Map<string, typeof events>();
    for (const event of events) perHash.set(event.args.userOpHash, [...(perHash.get(event.args.userOpHash) ?? []), event]);
    for (const hash of payments.keys()) {
      expect(perHash.get(hash)?.length ?? 0, `UserOperationEvents of ${hash}`).to.equal(1);
      expect(perHash.get(hash)![0]!.args.success).to.equal(true);
    }
    // The escrow holds exactly the sum of the payments (none counted twice, none lost).
    const escrowBalance = await fx.publicClient.readContract({ address: fx.usd, abi: erc20Abi, functionName: "balanceOf", args: [fx.escrow] });
    expect(escrowBalance).to.equal([...payments.values()].reduce((sum, value) => sum + value, 0n));

    await withDatabase(async (store) => {
      const rows = await store.query<{ hash: Hex; status: string; transaction_hash: Hex }>(
        "SELECT hash, status, transaction_hash FROM user_operations ORDER BY hash",
      );
      expect(rows.map((row) => row.hash)).to.deep.equal([...payments.keys()].sort());
      for (const row of rows) {
        expect(row.status, row.hash).to.equal("included");
        expect(row.transaction_hash).to.equal(perHash.get(row.hash)![0]!.transactionHash);
      }
      const bundles = await store.query<{ status: string; transaction_hash: Hex | null }>("SELECT status, transaction_hash FROM bundles");
      expect(bundles.filter((bundle) => bundle.status === "submitted" || bundle.status === "failed")).to.deep.equal([]);
      // Every handleOps transaction that reached the chain succeeded: no bundle was sent twice.
      const bundleTransactions = new Set(events.map((event) => event.transactionHash));
      for (const hash of bundleTransactions) {
        expect((await fx.publicClient.getTransactionReceipt({ hash })).status).to.equal("success");
      }
      const included = bundles.filter((bundle) => bundle.status === "included").map((bundle) => bundle.transaction_hash);
      expect(new Set(included)).to.deep.equal(bundleTransactions);
      const sponsorships = await store.query<{ status: string }>(
        "SELECT status FROM sponsorships WHERE user_operation_hash = ANY($1::text[])",
        [[...payments.keys()]],
      );
      expect(sponsorships.map((row) => row.status)).to.deep.equal([...payments.keys()].map(() => "included"));
    });
  });
});
