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
 * transaction — before anything is broadcast. Returns undefined when one of the operations
 * is no longer waiting (replaced meanwhile): nothing is written then.
 */
export async function recordBundle(
  store: Store,
  parameters: { executor: Address; operations: readonly Hex[]; attempt: SignedAttempt; now: Date },
): Promise<number | undefined> {
  const { executor, operations, attempt, now } = parameters;
  return store.transaction(async (tx) => {
    const [bundle] = await tx.query<{ id: number }>(
      "INSERT INTO bundles (executor, nonce, status, created_at, updated_at) VALUES ($1, $2, 'submitted', $3, $3) RETURNING id",
      [executor.toLowerCase(), attempt.nonce, now],
    );
    const id = bundle!.id;
    const claimed = await tx.query(
      "UPDATE user_operations SET status = 'submitted', bundle_id = $2, updated_at = $3 WHERE hash = ANY($1::text[]) AND status = 'received' RETURNING hash",
      [operations, id, now],
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

/** Bundles submitted and not yet settled, with their attempts (oldest first). */
export async function liveBundles(db: Queryable): Promise<LiveBundle[]> {
  const bundles = await db.query<{ id: number; executor: string; nonce: string; created_at: Date }>(
    "SELECT id, executor, nonce, created_at FROM bundles WHERE status = 'submitted' ORDER BY id",
  );
  if (bundles.length === 0) return [];
  const attempts = await db.query<AttemptRow>(
    "SELECT * FROM bundle_transactions WHERE bundle_id = ANY($1::int[]) AND status = 'pending' ORDER BY created_at, hash",
    [bundles.map((bundle) => bundle.id)],
  );
  return bundles.map((bundle) => ({
    id: bundle.id,
    executor: bundle.executor as Address,
    nonce: Number(bundle.nonce),
    createdAt: bundle.created_at,
    attempts: attempts
      .filter((attempt) => attempt.bundle_id === bundle.id)
      .map((attempt) => ({
        hash: attempt.hash as Hex,
        raw: attempt.raw as Hex,
        nonce: Number(attempt.nonce),
        gasLimit: BigInt(attempt.gas_limit),
        maxFeePerGas: BigInt(attempt.max_fee_per_gas),
        maxPriorityFeePerGas: BigInt(attempt.max_priority_fee_per_gas),
        createdAt: attempt.created_at,
        broadcastAt: attempt.broadcast_at,
      })),
  }));
}

/** Closes a bundle: the mined attempt (if any) is kept, every other attempt is `replaced`. */
export async function closeBundle(
  db: Queryable,
  bundleId: number,
  outcome: { status: "included" | "failed" | "dropped"; minedHash?: Hex; blockNumber?: bigint; gasUsed?: bigint; now: Date },
): Promise<void> {
  await db.query(
    "UPDATE bundles SET status = $2, transaction_hash = $3, block_number = $4, gas_used = $5, updated_at = $6 WHERE id = $1",
    [bundleId, outcome.status, outcome.minedHash ?? null, outcome.blockNumber ?? null, outcome.gasUsed ?? null, outcome.now],
  );
  await db.query(
    "UPDATE bundle_transactions SET status = CASE WHEN hash = $2 THEN 'mined' ELSE 'replaced' END WHERE bundle_id = $1 AND status = 'pending'",
    [bundleId, outcome.minedHash ?? ""],
  );
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
