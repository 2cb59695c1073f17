// The outbox tables (see db/migrations/0003_outbox.sql): user operations by status
// (received → submitted → included / failed / replaced), bundles and their signed
// transactions. Every state change is one SQL statement or transaction.
import type { Address, Hex } from "viem";
import { formatUserOperation, type RpcUserOperation, type UserOperation } from "viem/account-abstraction";
import type { Queryable, Store } from "../db/store.ts";
import { InvalidParamsError } from "../errors/rpc.ts";
import { toRpcUserOperation } from "../rpc/userOperation.ts";

export type OperationStatus = "received" | "submitted" | "included" | "failed" | "replaced";

export type OutboxOperation = {
  hash: Hex;
  entryPoint: Address;
  sender: Address;
  nonce: bigint;
  userOperation: UserOperation<"0.8">;
  status: OperationStatus;
  bundleId: number | null;
  attempts: number;
  success: boolean | null;
  actualGasCost: bigint | null;
  actualGasUsed: bigint | null;
  transactionHash: Hex | null;
  blockHash: Hex | null;
  blockNumber: bigint | null;
  failureReason: string | null;
  receivedAt: Date;
};

type OperationRow = {
  hash: string;
  entry_point: string;
  sender: string;
  nonce: string;
  user_operation: RpcUserOperation<"0.8">;
  status: OperationStatus;
  bundle_id: number | null;
  attempts: number;
  success: boolean | null;
  actual_gas_cost: string | null;
  actual_gas_used: string | null;
  transaction_hash: string | null;
  block_hash: string | null;
  block_number: string | null;
  failure_reason: string | null;
  received_at: Date;
};

const big = (value: string | null) => (value === null ? null : BigInt(value));

function fromRow(row: OperationRow): OutboxOperation {
  return {
    hash: row.hash as Hex,
    entryPoint: row.entry_point as Address,
    sender: row.sender as Address,
    nonce: BigInt(row.nonce),
    userOperation: formatUserOperation(row.user_operation) as UserOperation<"0.8">,
    status: row.status,
    bundleId: row.bundle_id,
    attempts: row.attempts,
    success: row.success,
    actualGasCost: big(row.actual_gas_cost),
    actualGasUsed: big(row.actual_gas_used),
    transactionHash: row.transaction_hash as Hex | null,
    blockHash: row.block_hash as Hex | null,
    blockNumber: big(row.block_number),
    failureReason: row.failure_reason,
    receivedAt: row.received_at,
  };
}

/** An operation just accepted, as its outbox row reads. */
export function receivedOperation(hash: Hex, entryPoint: Address, userOperation: UserOperation<"0.8">, now: Date): OutboxOperation {
  return {
    hash,
    entryPoint,
    sender: userOperation.sender,
    nonce: userOperation.nonce,
    userOperation,
    status: "received",
    bundleId: null,
    attempts: 0,
    success: null,
    actualGasCost: null,
    actualGasUsed: null,
    transactionHash: null,
    blockHash: null,
    blockNumber: null,
    failureReason: null,
    receivedAt: now,
  };
}

export async function findOperation(db: Queryable, hash: Hex): Promise<OutboxOperation | undefined> {
  const rows = await db.query<OperationRow>("SELECT * FROM user_operations WHERE hash = $1", [hash.toLowerCase()]);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

export async function operationStatus(db: Queryable, hash: Hex): Promise<OperationStatus | undefined> {
  const rows = await db.query<{ status: OperationStatus }>("SELECT status FROM user_operations WHERE hash = $1", [hash.toLowerCase()]);
  return rows[0]?.status;
}

export async function operationsOfBundle(db: Queryable, bundleId: number): Promise<OutboxOperation[]> {
  const rows = await db.query<OperationRow>("SELECT * FROM user_operations WHERE bundle_id = $1 ORDER BY received_at, hash", [bundleId]);
  return rows.map(fromRow);
}

/** A replacement must raise both fees by at least 10% (as the ERC-4337 mempool rules ask). */
function outbids(next: UserOperation<"0.8">, previous: UserOperation<"0.8">): boolean {
  return next.maxFeePerGas * 10n >= previous.maxFeePerGas * 11n && next.maxPriorityFeePerGas * 10n >= previous.maxPriorityFeePerGas * 11n;
}

/**
 * Writes an accepted operation (status `received`). Resending the same operation is a no-op;
 * a new operation for a (sender, nonce) still waiting replaces it if it pays 10% more.
 */
export async function insertOperation(
  store: Store,
  parameters: { hash: Hex; entryPoint: Address; userOperation: UserOperation<"0.8">; now: Date; claimedBy: string | null },
): Promise<{ result: "accepted" | "duplicate"; replaced?: Hex }> {
  const { hash, entryPoint, userOperation: op, now, claimedBy } = parameters;
  const insert = `INSERT INTO user_operations (hash, entry_point, sender, nonce, paymaster, user_operation, status, received_at, updated_at, claimed_by)
                  VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'received', $7, $7, $8)`;
  const values = [
    hash,
    entryPoint.toLowerCase(),
    op.sender.toLowerCase(),
    op.nonce,
    op.paymaster?.toLowerCase() ?? null,
    JSON.stringify(toRpcUserOperation(op)),
    now,
    claimedBy,
  ];
  // The usual case in one statement: a new operation for a (sender, nonce) with nothing live.
  // Any conflict (the same hash seen before, a live operation for the nonce) takes the
  // transaction below, which decides between duplicate, replacement and refusal.
  const inserted = await store.query(`${insert} ON CONFLICT DO NOTHING RETURNING hash`, values);
  if (inserted.length > 0) return { result: "accepted" };
  return store.transaction(async (tx) => {
    // This operation's row (if it was seen before) and the live one for its (sender, nonce).
    const rows = await tx.query<OperationRow>(
      "SELECT * FROM user_operations WHERE hash = $1 OR (sender = $2 AND nonce = $3 AND status IN ('received', 'submitted')) FOR UPDATE",
      [hash, op.sender.toLowerCase(), op.nonce],
    );
    const existing = rows.filter((row) => row.hash === hash);
    const liveRow = rows.find((row) => row.status === "received" || row.status === "submitted");
    const current = liveRow ? fromRow(liveRow) : undefined;
    if (current?.hash === hash) return { result: "duplicate" };
    if (current) {
      if (current.status === "submitted") {
        throw new InvalidParamsError("A user operation with this nonce is already being submitted.", {
          reason: "nonce_in_flight",
          userOpHash: current.hash,
        });
      }
      if (!outbids(op, current.userOperation)) {
        throw new InvalidParamsError("A replacement must raise maxFeePerGas and maxPriorityFeePerGas by at least 10%.", {
          reason: "replacement_underpriced",
          userOpHash: current.hash,
        });
      }
      await tx.query("UPDATE user_operations SET status = 'replaced', failure_reason = $2, updated_at = $3 WHERE hash = $1", [
        current.hash,
        `replaced by ${hash}`,
        now,
      ]);
    }
    const replaced = current?.hash;
    if (existing[0]) {
      if (existing[0].status === "included") return { result: "duplicate", replaced };
      // A failed or replaced operation sent again is accepted again (it passed simulation now).
      await tx.query(
        "UPDATE user_operations SET status = 'received', bundle_id = NULL, attempts = 0, failure_reason = NULL, received_at = $2, updated_at = $2, claimed_by = $3 WHERE hash = $1",
        [hash, now, claimedBy],
      );
      return { result: "accepted", replaced };
    }
    await tx.query(insert, values);
    return { result: "accepted", replaced };
  });
}

/**
 * Operations ready for a bundle by `instanceId`: the lowest nonce of each sender that has
 * nothing in flight, oldest first — of those claimed by this instance or by none.
 */
export async function readyOperations(db: Queryable, limit: number, instanceId: string): Promise<OutboxOperation[]> {
  const rows = await db.query<OperationRow>(
    `SELECT * FROM (
       SELECT DISTINCT ON (sender) * FROM user_operations
        WHERE status = 'received'
          AND sender NOT IN (SELECT sender FROM user_operations WHERE status = 'submitted')
        ORDER BY sender, nonce
     ) first_per_sender
     WHERE claimed_by = $2 OR claimed_by IS NULL
     ORDER BY received_at, hash
     LIMIT $1`,
    [limit, instanceId],
  );
  return rows.map(fromRow);
}

export async function countByStatus(db: Queryable): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; count: string }>(
    "SELECT status, count(*) AS count FROM user_operations WHERE status IN ('received', 'submitted') GROUP BY status",
  );
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

export async function markFailed(db: Queryable, hashes: readonly Hex[], reason: string, now: Date): Promise<void> {
  if (hashes.length === 0) return;
  await db.query(
    "UPDATE user_operations SET status = 'failed', failure_reason = $2, bundle_id = NULL, updated_at = $3 WHERE hash = ANY($1::text[]) AND status IN ('received', 'submitted')",
    [hashes, reason.slice(0, 500), now],
  );
}

/** Operations of a bundle that did not include them go back to `received`, or fail after `maxAttempts`; returns their hashes. */
export async function requeueBundle(db: Queryable, bundleId: number, reason: string, maxAttempts: number, now: Date): Promise<Hex[]> {
  const rows = await db.query<{ hash: Hex }>(
    `UPDATE user_operations
        SET attempts = attempts + 1,
            status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE 'received' END,
            failure_reason = CASE WHEN attempts + 1 >= $3 THEN $2 ELSE failure_reason END,
            bundle_id = NULL,
            updated_at = $4
      WHERE bundle_id = $1 AND status = 'submitted'
      RETURNING hash`,
    [bundleId, reason.slice(0, 500), maxAttempts, now],
  );
  return rows.map((row) => row.hash);
}

/** Marks operations included with their outcome (one statement for a whole bundle). */
export async function markIncluded(db: Queryable, operations: readonly OutboxOperation[], now: Date): Promise<void> {
  if (operations.length === 0) return;
  const first = operations[0]!;
  await db.query(
    `UPDATE user_operations AS o
        SET status = 'included', success = v.success, actual_gas_cost = v.cost::numeric, actual_gas_used = v.used::numeric,
            transaction_hash = $5, block_hash = $6, block_number = $7, failure_reason = v.reason, updated_at = $8
       FROM unnest($1::text[], $2::boolean[], $3::text[], $4::text[], $9::text[]) AS v (hash, success, cost, used, reason)
      WHERE o.hash = v.hash`,
    [
      operations.map((op) => op.hash),
      operations.map((op) => op.success),
      operations.map((op) => String(op.actualGasCost)),
      operations.map((op) => String(op.actualGasUsed)),
      first.transactionHash,
      first.blockHash,
      first.blockNumber,
      now,
      operations.map((op) => op.failureReason),
    ],
  );
}
