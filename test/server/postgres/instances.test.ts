// Several relayer instances on one PostgreSQL, as an operator scales out: two child processes
// started from one configuration (the same executor keys, the same database schema), each
// behind its own port, and a round-robin proxy in front of both as one URL.
//
// 1. 200 passkey payments sent alternately to each instance, all at once: each is included
//    exactly once (one UserOperationEvent, one outbox row, no bundle transaction reverted),
//    and both instances bundled.
// 2. One instance is killed with SIGKILL while it has bundles in the node's mempool and
//    accepted operations it has not bundled yet: after its lease expires the other takes over
//    its executor key and its operations, and every payment is included exactly once.
import { expect } from "chai";
import { erc20Abi, parseUnits, type Hex } from "viem";
import type { UserOperation } from "viem/account-abstraction";
import { startRoundRobinProxy, type RoundRobinProxy } from "../../../scripts/lib/roundRobinProxy.ts";
import { localChainId } from "@paykey/sdk/chain";
import { hardhatDevKey, type ConfigInput } from "../../../server/src/config.ts";
import { createPostgresStore, type Store } from "../../../server/src/db/index.ts";
import { userOperationHash } from "../../../server/src/rpc/userOperation.ts";
import { startChain, type TestChain } from "../helpers/chain.ts";
import { postgresReachable, testPostgresUrl, uniqueSchema } from "../helpers/database.ts";
import { deployOn, withRelayer } from "../helpers/fixture.ts";
import { allAre, expectIncludedOnce, metric, sendTo, startInstance, type Instance } from "../helpers/instances.ts";
import { waitUntil } from "../helpers/wait.ts";
import { testEnv } from "../helpers/relayer.ts";

type Payer = Awaited<ReturnType<ReturnType<typeof withRelayer>["signUp"]>>;

describe("relayer: two instances on one PostgreSQL (shared executor keys, leases)", function () {
  this.timeout(420_000);

  let chain: TestChain;
  let deployed: Awaited<ReturnType<typeof deployOn>>;
  let instances: Instance[] = [];
  let proxy: RoundRobinProxy;
  let store: Store;
  let fx: ReturnType<typeof withRelayer<{ url: string; stop(): Promise<void> }>>;
  const schema = uniqueSchema();
  const payers: Payer[] = [];
  let amount = 0n;
  const paid = new Map<Hex, bigint>();

  const mining = async (intervalMs: number) => {
    await chain.provider.request({ method: "evm_setAutomine", params: [false] });
    await chain.provider.request({ method: "evm_setIntervalMining", params: [intervalMs] });
  };

  before(async function () {
    if (!(await postgresReachable())) return this.skip();
    chain = await startChain();
    deployed = await deployOn(chain.url);
    const env: ConfigInput = testEnv(chain.url, {
      DEPLOYMENT_FILE: deployed.deploymentFile,
      DATABASE_URL: testPostgresUrl,
      DATABASE_SCHEMA: schema,
      // One key per instance once balanced, and small bundles: a key with a bundle in flight
      // is busy, so the next operations wait as `received` (test 2 needs some at the kill).
      EXECUTOR_PRIVATE_KEYS: [2, 3].map(hardhatDevKey).join(","),
      BUNDLE_MAX_OPS: "10",
      BUNDLE_INTERVAL_MS: "100",
      // Every client of this test is one address (127.0.0.1): 200 at once.
      RATE_LIMIT_PER_IP: "1000000",
      RATE_LIMIT_PER_ACCOUNT: "1000000",
      HTTP_MAX_CONNECTIONS_PER_IP: "1000",
      SPONSOR_VELOCITY_MAX_OPS: "1000",
    });
    instances = await Promise.all([startInstance(env), startInstance(env)]);
    proxy = await startRoundRobinProxy(instances.map((instance) => instance.url));
    fx = withRelayer(chain, deployed, { url: proxy.url, stop: async () => {} });
    store = await createPostgresStore({ url: testPostgresUrl, schema });
  });

  after(async function () {
    await Promise.all(instances.map((instance) => instance.stop("SIGKILL")));
    await proxy?.close();
    await store?.close();
    const drop = await createPostgresStore({ url: testPostgresUrl, schema, dropSchemaOnClose: true }).catch(() => undefined);
    await drop?.close();
    await chain?.close();
  });

  /** Sponsored and signed payments (through the proxy, so both instances sponsor), not sent yet. */
  async function signedPayments(from: readonly Payer[]): Promise<{ hash: Hex; op: UserOperation<"0.8"> }[]> {
    const signed: { hash: Hex; op: UserOperation<"0.8"> }[] = [];
    for (let index = 0; index < from.length; index += 20) {
      const chunk = await Promise.all(
        from.slice(index, index + 20).map(async (payer) => {
          amount += 1n;
          const value = amount;
          const request = await fx.bundlerClient.prepareUserOperation({ account: payer.account, calls: await fx.paymentCalls(payer.address, value) });
          const op = { ...request, signature: await payer.account.signUserOperation(request) } as UserOperation<"0.8">;
          const hash = userOperationHash(op, deployed.deployment.entryPoint, localChainId);
          paid.set(hash, value);
          return { hash, op };
        }),
      );
      signed.push(...chunk);
    }
    return signed;
  }

  /** Sends each operation to instance `index % 2`, all at once; every answer is its hash. */
  async function sendAlternately(signed: readonly { hash: Hex; op: UserOperation<"0.8"> }[], offset = 0): Promise<void> {
    const answers = await Promise.all(signed.map(({ op }, index) => sendTo(instances[(index + offset) % 2]!.url, op, fx.entryPoint)));
    answers.forEach((answer, index) => expect(answer.result, JSON.stringify(answer.error)).to.equal(signed[index]!.hash));
  }

  const escrowBalance = () => fx.publicClient.readContract({ address: fx.usd, abi: erc20Abi, functionName: "balanceOf", args: [fx.escrow] });

  it("200 operations sent alternately to each instance and concurrently: each included exactly once, both instances bundled", async function () {
    for (let index = 0; index < 200; index++) payers.push(await fx.signUp(parseUnits("10", 6)));
    const signed = await signedPayments(payers);
    const hashes = signed.map(({ hash }) => hash);
    expect(new Set(hashes).size).to.equal(200);

    await mining(250);
    const escrowBefore = await escrowBalance();
    await sendAlternately(signed);
    await allAre(proxy.url, hashes, "included", 180_000);

    await expectIncludedOnce(fx.publicClient, fx.entryPoint, hashes);
    expect((await escrowBalance()) - escrowBefore).to.equal(hashes.reduce((sum, hash) => sum + paid.get(hash)!, 0n));
    const rows = await store.query<{ hash: Hex; status: string; claimed_by: string }>(
      "SELECT hash, status, claimed_by FROM user_operations WHERE hash = ANY($1::text[])",
      [hashes],
    );
    expect(rows.length).to.equal(200);
    expect(rows.every((row) => row.status === "included")).to.equal(true);
    // Each instance bundled what it accepted, and together they bundled each operation once.
    const claimed = instances.map((instance) => rows.filter((row) => row.claimed_by === instance.id).length);
    expect(claimed).to.deep.equal([100, 100]);
    const bundled = await Promise.all(instances.map((instance) => metric(instance.url, "paykey_bundle_user_operations_sum")));
    expect(bundled.every((count) => count > 0), `operations bundled per instance: ${bundled}`).to.equal(true);
    expect(bundled.reduce((sum, count) => sum + count, 0)).to.equal(200);
    const leases = await store.query<{ instance_id: string }>("SELECT instance_id FROM executor_leases ORDER BY executor");
    expect(leases.map((lease) => lease.instance_id).sort()).to.deep.equal(instances.map((instance) => instance.id).sort());
  });

  it("one instance SIGKILLed with bundles in flight and operations waiting: the other takes them over, each included exactly once", async function () {
    const batch = await signedPayments(payers.slice(0, 60));
    const hashes = batch.map(({ hash }) => hash);
    const [killed, survivor] = instances as [Instance, Instance];
    const toKilled = hashes.filter((_, index) => index % 2 === 0);

    // No blocks: each instance's first bundle stays in the node's mempool and keeps its only
    // key busy, so the rest of what it accepted waits.
    await chain.provider.request({ method: "evm_setIntervalMining", params: [0] });
    const escrowBefore = await escrowBalance();
    await sendAlternately(batch);
    await waitUntil("a bundle broadcast on each key", async () => {
      const live = await store.query("SELECT t.hash FROM bundles b JOIN bundle_transactions t ON t.bundle_id = b.id WHERE b.status = 'submitted' AND t.broadcast_at IS NOT NULL");
      return live.length === 2;
    });
    const atKill = await store.query<{ status: string; claimed_by: string }>("SELECT status, claimed_by FROM user_operations WHERE hash = ANY($1::text[])", [toKilled]);
    expect(atKill.every((row) => row.claimed_by === killed.id)).to.equal(true);
    const waiting = atKill.filter((row) => row.status === "received").length;
    const inFlight = atKill.filter((row) => row.status === "submitted").length;
    expect([inFlight > 0, waiting > 0, inFlight + waiting]).to.deep.equal([true, true, 30]);

    await killed.stop("SIGKILL");
    await mining(250);
    // The proxy sends every request to the survivor now.
    await allAre(proxy.url, hashes, "included", 120_000);

    await expectIncludedOnce(fx.publicClient, fx.entryPoint, hashes);
    expect((await escrowBalance()) - escrowBefore).to.equal(hashes.reduce((sum, hash) => sum + paid.get(hash)!, 0n));
    // The killed instance's waiting operations were taken over and bundled by the survivor,
    // which now holds both keys; the killed one's bundle in the mempool was settled too.
    const after = await store.query<{ claimed_by: string; status: string }>("SELECT claimed_by, status FROM user_operations WHERE hash = ANY($1::text[])", [toKilled]);
    expect(after.filter((row) => row.claimed_by === survivor.id).length).to.equal(waiting);
    expect(after.every((row) => row.status === "included")).to.equal(true);
    const leases = await store.query<{ instance_id: string }>("SELECT instance_id FROM executor_leases");
    expect(leases.map((lease) => lease.instance_id)).to.deep.equal([survivor.id, survivor.id]);
    expect(await store.query("SELECT id FROM bundles WHERE status IN ('submitted', 'failed')")).to.deep.equal([]);
  });
});
