// Several relayer instances on one database: instance liveness, executor-key leases and the
// claims on accepted operations (tables in db/migrations/0004_executor_leases.sql).
//
// Instances may share their executor keys (replicas started from one configuration, the
// usual deployment) or have keys of their own; both work. Every instance registers the keys
// it is configured with and renews its row's `expires_at` (the database's clock, so instance
// clocks do not matter). From the live instances, every instance computes the same balanced
// assignment of keys to instances (`assignKeys`), takes the leases of the keys assigned to it
// when they are free or held by a dead instance, and gives up the ones assigned elsewhere.
//
// Exactly once does not rest on timing. Every write that leads to a signed bundle transaction
// (a new bundle, a fee bump, a new nonce) first checks in its own transaction that this
// instance still holds the key's lease (`fence`, a row lock the takeover waits for), and a
// bundle claims its operations only if they are still `received` and claimed by this
// instance. An instance that stalls past its lease and wakes up finds its writes refused.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Queryable, Store } from "../db/store.ts";
import { BaseError } from "../errors/base.ts";

/** This instance no longer holds the lease of `executor` (taken over while it stalled). */
export class LeaseLostError extends BaseError {
  readonly executor: string;
  constructor(executor: string) {
    super(`This relayer instance no longer holds the lease of executor ${executor}.`, { name: "LeaseLostError" });
    this.executor = executor;
  }
}

export type LeaseManager = {
  readonly instanceId: string;
  /** Executor addresses (lowercase) this instance holds the lease of, as of the last `maintain`. */
  held(): ReadonlySet<string>;
  /**
   * Whether another instance may write the outbox: always on PostgreSQL while another live
   * instance was seen at the last rebalance (at most `leaseMs / 3` ago); never on PGlite (a
   * data directory has one process at a time).
   */
  shared(): boolean;
  /**
   * Heartbeat when due, then (at most every `leaseMs / 3` unless forced) rebalance the keys
   * and adopt the waiting operations of dead instances. Returns the keys acquired and lost.
   */
  maintain(force?: boolean): Promise<{ acquired: string[]; lost: string[] }>;
  /** Renews this instance's liveness only. */
  heartbeat(): Promise<void>;
  /** Inside a transaction: throws LeaseLostError unless this instance holds `executor`'s lease. */
  fence(tx: Queryable, executor: string): Promise<void>;
  /** Forget a key locally (a fence refused it); the next `maintain` reads the leases again. */
  drop(executor: string): void;
  /** Clean stop: frees the leases and the claims of waiting operations for the others at once. */
  release(): Promise<void>;
};

type LiveInstance = { id: string; executors: string[] };

/**
 * A balanced assignment of keys to live instances that every instance computes alike from the
 * same view: keys in address order, each to the instance configured with it that has the
 * fewest so far (ties: lowest id). Shared keys split evenly; a key of one instance stays its own.
 */
export function assignKeys(instances: readonly LiveInstance[]): Map<string, string> {
  const sorted = [...instances].sort((a, b) => a.id.localeCompare(b.id));
  const keys = [...new Set(sorted.flatMap((instance) => instance.executors))].sort();
  const counts = new Map(sorted.map((instance) => [instance.id, 0]));
  const assignment = new Map<string, string>();
  for (const key of keys) {
    let best: string | undefined;
    for (const instance of sorted) {
      if (!instance.executors.includes(key)) continue;
      if (best === undefined || counts.get(instance.id)! < counts.get(best)!) best = instance.id;
    }
    assignment.set(key, best!);
    counts.set(best!, counts.get(best!)! + 1);
  }
  return assignment;
}

const alive = (instance: string) => `EXISTS (SELECT 1 FROM relayer_instances i WHERE i.id = ${instance} AND i.expires_at > now())`;

export function createLeaseManager(parameters: {
  store: Store;
  executors: readonly string[];
  leaseMs: number;
  instanceId?: string | undefined;
}): LeaseManager {
  const { store, leaseMs } = parameters;
  const executors = parameters.executors.map((address) => address.toLowerCase());
  const instanceId = parameters.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  let held = new Set<string>();
  let lastBalance = 0;
  /** Whether the last rebalance saw another live instance; until the first one, assume so. */
  let othersLive = true;
  // A PGlite directory has one process at a time: any other instance it names is gone, so its
  // keys and operations are taken at once instead of after its lease.
  let clearDead = store.kind === "pglite";

  let lastHeartbeat = 0;
  async function heartbeat(): Promise<void> {
    lastHeartbeat = Date.now();
    await store.query(
      `INSERT INTO relayer_instances (id, executors, expires_at) VALUES ($1, $2::text[], now() + make_interval(secs => $3))
       ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at`,
      [instanceId, executors, leaseMs / 1000],
    );
  }

  /** Waiting operations of instances that are gone (and unclaimed ones) become this instance's. */
  async function adoptOrphans(): Promise<void> {
    await store.query(
      `UPDATE user_operations SET claimed_by = $1
        WHERE hash IN (SELECT hash FROM user_operations o
                        WHERE status = 'received' AND (claimed_by IS NULL OR NOT ${alive("o.claimed_by")})
                        LIMIT 10000 FOR UPDATE SKIP LOCKED)`,
      [instanceId],
    );
  }

  async function rebalance(): Promise<{ acquired: string[]; lost: string[] }> {
    const live = await store.query<LiveInstance>("SELECT id, executors FROM relayer_instances WHERE expires_at > now()");
    othersLive = live.some((instance) => instance.id !== instanceId);
    const assignment = assignKeys(live);
    const mine = executors.filter((key) => assignment.get(key) === instanceId);
    const elsewhere = executors.filter((key) => assignment.get(key) !== instanceId);
    if (elsewhere.length > 0) {
      await store.query("UPDATE executor_leases SET instance_id = NULL WHERE executor = ANY($1::text[]) AND instance_id = $2", [elsewhere, instanceId]);
    }
    if (mine.length > 0) {
      // A key is taken when free or when its holder is dead; a live holder keeps it until it
      // sees the same assignment and gives it up (within a third of its lease).
      await store.query(
        `INSERT INTO executor_leases AS l (executor, instance_id, acquired_at)
         SELECT key, $2, now() FROM unnest($1::text[]) AS key
         ON CONFLICT (executor) DO UPDATE SET instance_id = excluded.instance_id, acquired_at = now()
          WHERE l.instance_id IS NULL OR NOT ${alive("l.instance_id")}`,
        [mine, instanceId],
      );
    }
    const rows = await store.query<{ executor: string }>("SELECT executor FROM executor_leases WHERE instance_id = $1", [instanceId]);
    const now = new Set(rows.map((row) => row.executor).filter((key) => executors.includes(key)));
    const acquired = [...now].filter((key) => !held.has(key));
    const lost = [...held].filter((key) => !now.has(key));
    held = now;
    return { acquired, lost };
  }

  return {
    instanceId,
    held: () => held,
    shared: () => store.kind !== "pglite" && othersLive,
    heartbeat,
    async maintain(force = false) {
      if (clearDead) {
        await store.query("DELETE FROM relayer_instances WHERE id <> $1", [instanceId]);
        clearDead = false;
      }
      const balanceDue = force || Date.now() - lastBalance >= leaseMs / 3;
      // Renewed a few times per lease (the executor's timer renews it too), not every round.
      if (balanceDue || Date.now() - lastHeartbeat >= leaseMs / 4) await heartbeat();
      if (!balanceDue) return { acquired: [], lost: [] };
      lastBalance = Date.now();
      await adoptOrphans();
      return rebalance();
    },
    async fence(tx, executor) {
      const rows = await tx.query("SELECT 1 FROM executor_leases WHERE executor = $1 AND instance_id = $2 FOR SHARE", [
        executor.toLowerCase(),
        instanceId,
      ]);
      if (rows.length === 0) throw new LeaseLostError(executor);
    },
    drop(executor) {
      held.delete(executor.toLowerCase());
      lastBalance = 0;
    },
    async release() {
      await store.query("UPDATE executor_leases SET instance_id = NULL WHERE instance_id = $1", [instanceId]);
      await store.query("UPDATE user_operations SET claimed_by = NULL WHERE claimed_by = $1 AND status = 'received'", [instanceId]);
      await store.query("DELETE FROM relayer_instances WHERE id = $1", [instanceId]);
      held = new Set();
    },
  };
}
