// Executor-key leases between relayer instances (server/src/executor/leases.ts): the balanced
// assignment every instance computes alike, takeover from an instance that stopped renewing,
// the fence that refuses a stalled instance's writes, and a clean stop handing over at once.
import { expect } from "chai";
import { migrate, loadMigrations, coreMigrationsDir, createPostgresStore, type Store } from "../../../server/src/db/index.ts";
import { assignKeys, createLeaseManager, LeaseLostError, type LeaseManager } from "../../../server/src/executor/leases.ts";
import { postgresReachable, testPostgresUrl, uniqueSchema } from "../helpers/database.ts";
import { sleep } from "../helpers/wait.ts";

const keys = ["0xa1", "0xa2", "0xa3", "0xa4", "0xa5", "0xa6"];

describe("executor leases: the key assignment", function () {
  const count = (assignment: Map<string, string>) =>
    [...assignment.values()].reduce((tally, id) => tally.set(id, (tally.get(id) ?? 0) + 1), new Map<string, number>());

  it("splits shared keys evenly over two and three instances, the same whatever the order seen", function () {
    const two = assignKeys([{ id: "b", executors: keys }, { id: "a", executors: keys }]);
    expect(Object.fromEntries(count(two))).to.deep.equal({ a: 3, b: 3 });
    expect(assignKeys([{ id: "a", executors: keys }, { id: "b", executors: [...keys].reverse() }])).to.deep.equal(two);
    const three = assignKeys(["c", "a", "b"].map((id) => ({ id, executors: keys })));
    expect(Object.fromEntries(count(three))).to.deep.equal({ a: 2, b: 2, c: 2 });
  });

  it("keeps an instance's own keys with it, and gives a key only to an instance configured with it", function () {
    const assignment = assignKeys([
      { id: "a", executors: ["0xa1", "0xa2"] },
      { id: "b", executors: ["0xb1"] },
      { id: "c", executors: ["0xa2", "0xb1", "0xc1"] },
    ]);
    expect(Object.fromEntries(assignment)).to.deep.equal({ "0xa1": "a", "0xa2": "c", "0xb1": "b", "0xc1": "c" });
  });
});

describe("executor leases on PostgreSQL", function () {
  this.timeout(60_000);
  let store: Store;
  let other: Store;
  const schema = uniqueSchema();
  const managers: LeaseManager[] = [];
  const manager = (id: string, db: Store, leaseMs = 3_000) => {
    const created = createLeaseManager({ store: db, executors: keys.slice(0, 2), leaseMs, instanceId: id });
    managers.push(created);
    return created;
  };

  before(async function () {
    if (!(await postgresReachable())) return this.skip();
    store = await createPostgresStore({ url: testPostgresUrl, schema, dropSchemaOnClose: true });
    other = await createPostgresStore({ url: testPostgresUrl, schema });
    await migrate(store, loadMigrations(coreMigrationsDir, "db"));
  });

  after(async function () {
    await other?.close();
    await store?.close();
  });

  it("a second instance gets its share once the first sees it; a silent instance's keys are taken; its stalled writes are refused", async function () {
    const a = manager("instance-a", store);
    const b = manager("instance-b", other);
    expect((await a.maintain(true)).acquired.sort()).to.deep.equal(keys.slice(0, 2));
    // b is assigned one key, still held by a (alive): b waits, a gives it up, b takes it.
    expect((await b.maintain(true)).acquired).to.deep.equal([]);
    expect((await a.maintain(true)).lost.length).to.equal(1);
    expect((await b.maintain(true)).acquired.length).to.equal(1);
    expect([...a.held(), ...b.held()].sort()).to.deep.equal(keys.slice(0, 2));

    // a stalls: no heartbeat for longer than its lease. b takes its key.
    const [aKey] = [...a.held()];
    await sleep(3_300);
    expect((await b.maintain(true)).acquired).to.deep.equal([aKey]);
    // a wakes and tries to write with the key it thought it held: the fence refuses.
    const write = store.transaction(async (tx) => {
      await a.fence(tx, aKey!);
      await tx.query("SELECT 1");
    });
    await write.then(
      () => expect.fail("a stalled instance wrote with a key it lost"),
      (error: unknown) => expect(error).to.be.instanceOf(LeaseLostError),
    );
    await b.fence(other, aKey!);
    // a renews and sees it has lost the key; b keeps both until a's next rebalance balances again.
    expect((await a.maintain(true)).lost).to.deep.equal([aKey]);
  });

  it("a fence holds off a takeover until the write commits", async function () {
    const c = manager("instance-c", store, 300);
    await store.query("DELETE FROM relayer_instances");
    await store.query("DELETE FROM executor_leases");
    await c.maintain(true);
    const d = manager("instance-d", other, 300);
    const [key] = [...c.held()];
    let takeoverDone = false;
    await store.transaction(async (tx) => {
      await c.fence(tx, key!);
      await sleep(400); // c's lease expires while its write is open
      const takeover = d.maintain(true).then(() => (takeoverDone = true));
      await sleep(200);
      expect(takeoverDone, "the takeover waited for the fenced write").to.equal(false);
      void takeover;
    });
    await waitFor(() => takeoverDone);
    expect(d.held().has(key!)).to.equal(true);
  });

  it("a clean stop frees the keys and the waiting operations' claims at once", async function () {
    const e = manager("instance-e", store, 60_000);
    await store.query("DELETE FROM relayer_instances");
    await store.query("DELETE FROM executor_leases");
    await e.maintain(true);
    expect(e.held().size).to.equal(2);
    const claim = (hash: string, status: string) =>
      store.query(
        `INSERT INTO user_operations (hash, entry_point, sender, nonce, user_operation, status, claimed_by)
         VALUES ($1, '0xe9', '0x5e', 0, '{}'::jsonb, $2, 'instance-e')`,
        [hash, status],
      );
    await claim("0x01", "received");
    await claim("0x02", "included");
    await e.release();
    const claims = await store.query<{ hash: string; claimed_by: string | null }>("SELECT hash, claimed_by FROM user_operations ORDER BY hash");
    expect(claims).to.deep.equal([
      { hash: "0x01", claimed_by: null },
      { hash: "0x02", claimed_by: "instance-e" },
    ]);
    const f = manager("instance-f", other, 60_000);
    expect((await f.maintain(true)).acquired.sort()).to.deep.equal(keys.slice(0, 2));
    // f adopts the waiting operation nobody claims any more.
    expect((await store.query<{ claimed_by: string }>("SELECT claimed_by FROM user_operations WHERE hash = '0x01'"))[0]!.claimed_by).to.equal("instance-f");
  });
});

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(20);
  }
}
