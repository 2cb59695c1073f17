// Bundles and their signed transactions in the outbox. A bundle keeps one nonce; each fee
// bump is another signed transaction (attempt) with that nonce, so at most one is mined.
import type { Address, Hex } from "viem";
import type { Queryable, Store } from "../db/store.ts";

export type SignedAttempt = {
  hash: Hex;
  raw: Hex;
  nonce: number;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
};

export type LiveBundle = {
  id: number;
  executor: Address;
  nonce: number;
  createdAt: Date;
  /** The live instance holding the executor's lease; null when none does. */
  holder: string | null;
  attempts: (SignedAttempt & { createdAt: Date; broadcastAt: Date | null })[];
};

type AttemptRow = {
  hash: string;
  bundle_id: number;
  raw: string;
  nonce: string;
  gas_limit: string;
  max_fee_per_gas: string;
  max_priority_fee_per_gas: string;
  created_at: Date;
  broadcast_at: Date | null;
};

/**
 * Writes a bundle, its first signed transaction and its operations' new status in one
 * transaction — before anything is broadcast — if `fence` passes (this instance still holds
 * the executor's lease). Returns undefined when one of the operations is no longer waiting
 * for this instance (replaced, or taken over meanwhile) or the nonce is taken: nothing is
 * written then.
 */
export async function recordBundle(
  store: Store,
  parameters: {
    executor: Address;
    operations: readonly Hex[];
    attempt: SignedAttempt;
    now: Date;
    instanceId: string;
    fence: (tx: Queryable) => Promise<void>;
  },
): Promise<number | undefined> {
  const { executor, operations, attempt, now, instanceId } = parameters;
  return store.transaction(async (tx) => {
    await parameters.fence(tx);
    const [bundle] = await tx.query<{ id: number }>(
      "INSERT INTO bundles (executor, nonce, status, created_at, updated_at) VALUES ($1, $2, 'submitted', $3, $3) RETURNING id",
      [executor.toLowerCase(), attempt.nonce, now],
    );
    const id = bundle!.id;
    const claimed = await tx.query(
      `UPDATE user_operations SET status = 'submitted', bundle_id = $2, updated_at = $3, claimed_by = $4
        WHERE hash = ANY($1::text[]) AND status = 'received' AND (claimed_by = $4 OR claimed_by IS NULL) RETURNING hash`,
      [operations, id, now, instanceId],
    );
    if (claimed.length !== operations.length) throw new BundleConflict();
    await insertAttempt(tx, id, attempt, now);
    return id;
  }).catch((error: unknown) => {
    // Another relayer took an operation or this executor nonce first: try again next round.
    if (error instanceof BundleConflict || (error as { code?: string }).code === "23505") return undefined;
    throw error;
  });
}

class BundleConflict extends Error {}

export async function insertAttempt(db: Queryable, bundleId: number, attempt: SignedAttempt, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO bundle_transactions (hash, bundle_id, raw, nonce, gas_limit, max_fee_per_gas, max_priority_fee_per_gas, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)`,
    [attempt.hash, bundleId, attempt.raw, attempt.nonce, attempt.gasLimit, attempt.maxFeePerGas, attempt.maxPriorityFeePerGas, now],
  );
}

export async function markBroadcast(db: Queryable, hash: Hex, now: Date): Promise<void> {
  await db.query("UPDATE bundle_transactions SET broadcast_at = COALESCE(broadcast_at, $2) WHERE hash = $1", [hash, now]);
}

/**
 * Bundles submitted and not yet settled, with their attempts (oldest first) and who watches
 * them: the instance holding their executor's lease, or nobody alive (`holder` null). One query.
 */
export async function liveBundles(db: Queryable): Promise<LiveBundle[]> {
  const rows = await db.query<
    { id: number; executor: string; bundle_nonce: string; bundle_created_at: Date; holder: string | null; holder_alive: boolean } & Partial<AttemptRow>
  >(
    `SELECT b.id, b.executor, b.nonce AS bundle_nonce, b.created_at AS bundle_created_at, l.instance_id AS holder,
            EXISTS (SELECT 1 FROM relayer_instances i WHERE i.id = l.instance_id AND i.expires_at > now()) AS holder_alive,
            t.hash, t.raw, t.nonce, t.gas_limit, t.max_fee_per_gas, t.max_priority_fee_per_gas, t.created_at, t.broadcast_at
       FROM bundles b
       LEFT JOIN executor_leases l ON l.executor = b.executor
       LEFT JOIN bundle_transactions t ON t.bundle_id = b.id AND t.status = 'pending'
      WHERE b.status = 'submitted'
      ORDER BY b.id, t.created_at, t.hash`,
  );
  const bundles = new Map<number, LiveBundle>();
  for (const row of rows) {
    let bundle = bundles.get(row.id);
    if (!bundle) {
      bundle = {
        id: row.id,
        executor: row.executor as Address,
        nonce: Number(row.bundle_nonce),
        createdAt: row.bundle_created_at,
        holder: row.holder_alive ? row.holder : null,
        attempts: [],
      };
      bundles.set(row.id, bundle);
    }
    if (!row.hash) continue;
    bundle.attempts.push({
      hash: row.hash as Hex,
      raw: row.raw as Hex,
      nonce: Number(row.nonce),
      gasLimit: BigInt(row.gas_limit!),
      maxFeePerGas: BigInt(row.max_fee_per_gas!),
      maxPriorityFeePerGas: BigInt(row.max_priority_fee_per_gas!),
      createdAt: row.created_at!,
      broadcastAt: row.broadcast_at ?? null,
    });
  }
  return [...bundles.values()];
}

/**
 * Closes a bundle still open: the mined attempt (if any) is kept, every other attempt is
 * `replaced`. Returns false (and changes nothing) when it was closed already — by another
 * instance that saw the same receipt first.
 */
export async function closeBundle(
  db: Queryable,
  bundleId: number,
  outcome: { status: "included" | "failed" | "dropped"; minedHash?: Hex; blockNumber?: bigint; gasUsed?: bigint; now: Date },
): Promise<boolean> {
  const closed = await db.query(
    "UPDATE bundles SET status = $2, transaction_hash = $3, block_number = $4, gas_used = $5, updated_at = $6 WHERE id = $1 AND status = 'submitted' RETURNING id",
    [bundleId, outcome.status, outcome.minedHash ?? null, outcome.blockNumber ?? null, outcome.gasUsed ?? null, outcome.now],
  );
  if (closed.length === 0) return false;
  await db.query(
    "UPDATE bundle_transactions SET status = CASE WHEN hash = $2 THEN 'mined' ELSE 'replaced' END WHERE bundle_id = $1 AND status = 'pending'",
    [bundleId, outcome.minedHash ?? ""],
  );
  return true;
}

/** The bundle moves to another nonce (its old one was used by a foreign transaction). */
export async function renonceBundle(db: Queryable, bundleId: number, attempt: SignedAttempt, now: Date): Promise<void> {
  await db.query("UPDATE bundle_transactions SET status = 'replaced' WHERE bundle_id = $1 AND status = 'pending'", [bundleId]);
  await db.query("UPDATE bundles SET nonce = $2, updated_at = $3 WHERE id = $1", [bundleId, attempt.nonce, now]);
  await insertAttempt(db, bundleId, attempt, now);
}

export async function highestLiveNonce(db: Queryable, executor: Address): Promise<number | undefined> {
  const [row] = await db.query<{ nonce: string | null }>("SELECT max(nonce) AS nonce FROM bundles WHERE executor = $1 AND status = 'submitted'", [
    executor.toLowerCase(),
  ]);
  return row?.nonce === null || row?.nonce === undefined ? undefined : Number(row.nonce);
}
