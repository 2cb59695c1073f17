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

/**
 * Operations and gas sponsored today for `sender`, leaving out `nonce` (the one being
 * decided), and what that (sender, nonce) already counts for (an earlier signature). The day
 * is `now`'s; an unused signature counts while its validUntil is after `liveAt`.
 */
export async function accountUsageToday(
  db: Queryable,
  sender: Address,
  nonce: bigint,
  now: Date,
  liveAt: Date = now,
): Promise<{ ops: number; gas: bigint; currentCost: bigint }> {
  const [row] = await db.query<{ ops: string; gas: string | null; current: string | null }>(
    `SELECT count(*) FILTER (WHERE nonce <> $4) AS ops, sum(gas) FILTER (WHERE nonce <> $4) AS gas, max(cost) FILTER (WHERE nonce = $4) AS current
       FROM (${liveSponsorships} AND sender = $3 GROUP BY sender, nonce) usage`,
    [startOfUtcDay(now), liveAt, sender.toLowerCase(), nonce],
  );
  return { ops: Number(row?.ops ?? 0), gas: BigInt(row?.gas ?? 0), currentCost: BigInt(row?.current ?? 0) };
}

/** Wei sponsored today across all accounts (one row per (sender, nonce): O(today's sponsorships)); expiry as in accountUsageToday. */
export async function globalSpendToday(db: Queryable, now: Date, liveAt: Date = now): Promise<bigint> {
  const [row] = await db.query<{ cost: string | null }>(
    `SELECT sum(cost) AS cost FROM (${liveSponsorships} GROUP BY sender, nonce) usage`,
    [startOfUtcDay(now), liveAt],
  );
  return BigInt(row?.cost ?? 0);
}

/**
 * One query for two checks: the first of `addresses` on the blocklist table, and how many
 * nonces `sender` was sponsored for since `since` (the velocity rule).
 */
export async function screenAndCount(
  db: Queryable,
  addresses: readonly string[],
  sender: Address,
  since: Date,
): Promise<{ blocked: string | undefined; recent: number }> {
  const [row] = await db.query<{ blocked: string | null; recent: string }>(
    `SELECT (SELECT address FROM blocked_addresses WHERE address = ANY($1::text[]) LIMIT 1) AS blocked,
            (SELECT count(DISTINCT nonce) FROM sponsorships WHERE sender = $2 AND created_at > $3) AS recent`,
    [addresses.map((address) => address.toLowerCase()), sender.toLowerCase(), since],
  );
  return { blocked: row?.blocked ?? undefined, recent: Number(row?.recent ?? 0) };
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

export type SponsorshipSettlement = {
  sender: Address;
  nonce: bigint;
  paymasterDataHash: string;
  userOperationHash: string;
  gasUsed: bigint;
  gasCost: bigint;
};

/**
 * On inclusion: the sponsorship each operation used gets its actual cost; the others for the
 * same (sender, nonce) are void. One statement for a whole bundle.
 */
export async function settleSponsorships(db: Queryable, settlements: readonly SponsorshipSettlement[]): Promise<void> {
  if (settlements.length === 0) return;
  await db.query(
    `UPDATE sponsorships AS s
        SET status = CASE WHEN s.paymaster_data_hash = v.data_hash THEN 'included' ELSE 'void' END,
            user_operation_hash = CASE WHEN s.paymaster_data_hash = v.data_hash THEN v.op_hash ELSE s.user_operation_hash END,
            actual_gas_used = CASE WHEN s.paymaster_data_hash = v.data_hash THEN v.used::numeric ELSE s.actual_gas_used END,
            actual_gas_cost = CASE WHEN s.paymaster_data_hash = v.data_hash THEN v.cost::numeric ELSE s.actual_gas_cost END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS v (sender, nonce, data_hash, op_hash, used, cost)
      WHERE s.sender = v.sender AND s.nonce = v.nonce::numeric AND s.status = 'signed'`,
    [
      settlements.map((entry) => entry.sender.toLowerCase()),
      settlements.map((entry) => String(entry.nonce)),
      settlements.map((entry) => entry.paymasterDataHash),
      settlements.map((entry) => entry.userOperationHash),
      settlements.map((entry) => String(entry.gasUsed)),
      settlements.map((entry) => String(entry.gasCost)),
    ],
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
