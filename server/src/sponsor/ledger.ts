// What the sponsor has spent: per-account and global usage for the current UTC day, the
// velocity window, and the records of sponsorships and review flags.
//
// A sponsorship counts with its actual gas once included, with its maximum while its
// paymaster signature can still be used, and not at all once expired unused. Several
// signatures for the same (sender, nonce) count once, since only one can be included.
import type { Address } from "viem";
import type { Queryable } from "../db/store.ts";

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

const liveSponsorships = `
  SELECT sender, nonce,
         max(CASE WHEN status = 'included' THEN actual_gas_used ELSE max_gas END) AS gas,
         max(CASE WHEN status = 'included' THEN actual_gas_cost ELSE max_cost_wei END) AS cost
    FROM sponsorships
   WHERE created_at >= $1 AND (status = 'included' OR (status = 'signed' AND valid_until > $2))`;

/** Operations and gas sponsored today for `sender`, leaving out `nonce` (the one being decided). */
export async function accountUsageToday(
  db: Queryable,
  sender: Address,
  nonce: bigint,
  now: Date,
): Promise<{ ops: number; gas: bigint }> {
  const [row] = await db.query<{ ops: string; gas: string | null }>(
    `SELECT count(*) AS ops, sum(gas) AS gas
       FROM (${liveSponsorships} AND sender = $3 AND nonce <> $4 GROUP BY sender, nonce) usage`,
    [startOfUtcDay(now), now, sender.toLowerCase(), nonce],
  );
  return { ops: Number(row?.ops ?? 0), gas: BigInt(row?.gas ?? 0) };
}

/** Wei sponsored today across all accounts, leaving out (`sender`, `nonce`). */
export async function globalSpendToday(db: Queryable, sender: Address, nonce: bigint, now: Date): Promise<bigint> {
  const [row] = await db.query<{ cost: string | null }>(
    `SELECT sum(cost) AS cost
       FROM (${liveSponsorships} AND NOT (sender = $3 AND nonce = $4) GROUP BY sender, nonce) usage`,
    [startOfUtcDay(now), now, sender.toLowerCase(), nonce],
  );
  return BigInt(row?.cost ?? 0);
}

export async function recentSponsorships(db: Queryable, sender: Address, since: Date): Promise<number> {
  const [row] = await db.query<{ count: string }>(
    "SELECT count(DISTINCT nonce) AS count FROM sponsorships WHERE sender = $1 AND created_at > $2",
    [sender.toLowerCase(), since],
  );
  return Number(row?.count ?? 0);
}

export async function recordSponsorship(
  db: Queryable,
  sponsorship: { sender: Address; nonce: bigint; maxGas: bigint; maxCostWei: bigint; validUntil: Date; paymasterDataHash: string; now: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO sponsorships (sender, nonce, max_gas, max_cost_wei, valid_until, paymaster_data_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      sponsorship.sender.toLowerCase(),
      sponsorship.nonce,
      sponsorship.maxGas,
      sponsorship.maxCostWei,
      sponsorship.validUntil,
      sponsorship.paymasterDataHash,
      sponsorship.now,
    ],
  );
}

/** On inclusion: the used sponsorship gets its actual cost; the others for that nonce are void. */
export async function settleSponsorship(
  db: Queryable,
  settlement: { sender: Address; nonce: bigint; paymasterDataHash: string; userOperationHash: string; gasUsed: bigint; gasCost: bigint },
): Promise<void> {
  await db.query(
    `UPDATE sponsorships
        SET status = CASE WHEN paymaster_data_hash = $3 THEN 'included' ELSE 'void' END,
            user_operation_hash = CASE WHEN paymaster_data_hash = $3 THEN $4 ELSE user_operation_hash END,
            actual_gas_used = CASE WHEN paymaster_data_hash = $3 THEN $5 ELSE actual_gas_used END,
            actual_gas_cost = CASE WHEN paymaster_data_hash = $3 THEN $6 ELSE actual_gas_cost END
      WHERE sender = $1 AND nonce = $2 AND status = 'signed'`,
    [settlement.sender.toLowerCase(), settlement.nonce, settlement.paymasterDataHash, settlement.userOperationHash, settlement.gasUsed, settlement.gasCost],
  );
}

export async function recordFlag(db: Queryable, flag: { sender: Address; rule: string; details: Record<string, unknown>; now: Date }): Promise<void> {
  await db.query("INSERT INTO sponsorship_flags (sender, rule, details, created_at) VALUES ($1, $2, $3::jsonb, $4)", [
    flag.sender.toLowerCase(),
    flag.rule,
    JSON.stringify(flag.details, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)),
    flag.now,
  ]);
}

export async function blockedAmong(db: Queryable, addresses: readonly string[]): Promise<string | undefined> {
  if (addresses.length === 0) return undefined;
  const rows = await db.query<{ address: string }>("SELECT address FROM blocked_addresses WHERE address = ANY($1::text[]) LIMIT 1", [
    addresses.map((address) => address.toLowerCase()),
  ]);
  return rows[0]?.address;
}
