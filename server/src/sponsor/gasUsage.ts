// What the sponsor has spent: per-account and global usage for the current UTC day, the
// velocity window, and the records of sponsorships and review flags.
//
// A sponsorship counts with its actual gas once included, with its maximum while its
// paymaster signature can still be used, and not at all once expired unused. Several
// signatures for the same (sender, nonce) count once, since only one can be included.
import type { Address } from "viem";
import type { Queryable } from "../db/store.ts";
import { budgetDay } from "./budget.ts";

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

const liveSponsorships = `
  SELECT sender, nonce,
         max(CASE WHEN status = 'included' THEN actual_gas_used ELSE max_gas END) AS gas,
         max(CASE WHEN status = 'included' THEN actual_gas_cost ELSE max_cost_wei END) AS cost
    FROM sponsorships
   WHERE created_at >= $1 AND (status = 'included' OR (status = 'signed' AND valid_until > $2))`;

export type AccountUsage = {
  /** Today's sponsored operations, leaving out the nonce being decided. */
  ops: number;
  /** Their gas (actual once included, maximum while a signature is live). */
  gas: bigint;
  /** What this (sender, nonce) already counts for (an earlier signature). */
  currentCost: bigint;
  /** Wei the global budget has committed today (budget.ts). */
  budgetCommitted: bigint;
  /** The account's sponsorship version when this was read: recordSponsorship records only on it. */
  version: bigint;
};

type UsageRow = { ops: string; gas: string | null; current: string | null; committed: string | null; version: string | null };

// Parameters: $1 the day's start, $2 liveAt, $3 sender, $4 nonce, $5 the budget's day.
const usageSelect = `
  SELECT count(*) FILTER (WHERE nonce <> $4) AS ops, sum(gas) FILTER (WHERE nonce <> $4) AS gas, max(cost) FILTER (WHERE nonce = $4) AS current,
         (SELECT committed_wei FROM sponsorship_budget WHERE day = $5::date) AS committed,
         (SELECT version FROM sponsorship_senders WHERE sender = $3) AS version
    FROM (${liveSponsorships} AND sender = $3 GROUP BY sender, nonce) usage`;

const usageParams = (sender: Address, nonce: bigint, now: Date, liveAt: Date) => [startOfUtcDay(now), liveAt, sender.toLowerCase(), nonce, budgetDay(now)];

const usageOf = (row: UsageRow | undefined): AccountUsage => ({
  ops: Number(row?.ops ?? 0),
  gas: BigInt(row?.gas ?? 0),
  currentCost: BigInt(row?.current ?? 0),
  budgetCommitted: BigInt(row?.committed ?? 0),
  version: BigInt(row?.version ?? 0),
});

/**
 * Operations and gas sponsored today for `sender`, leaving out `nonce` (the one being
 * decided), what that (sender, nonce) already counts for (an earlier signature), the wei
 * the global budget has committed today (budget.ts) and the account's version: one query,
 * one snapshot. The day is `now`'s; an unused signature counts while its validUntil is after `liveAt`.
 */
export async function accountUsageToday(db: Queryable, sender: Address, nonce: bigint, now: Date, liveAt: Date = now): Promise<AccountUsage> {
  const [row] = await db.query<UsageRow>(usageSelect, usageParams(sender, nonce, now, liveAt));
  return usageOf(row);
}

/**
 * `accountUsageToday` and, in the same query, two checks: the first of `addresses` on the
 * blocklist table, and how many nonces the sender was sponsored for since `since` (the velocity rule).
 */
export async function screenAndUsage(
  db: Queryable,
  addresses: readonly string[],
  usage: { sender: Address; nonce: bigint; now: Date; liveAt: Date },
  since: Date,
): Promise<{ blocked: string | undefined; recent: number; usage: AccountUsage }> {
  const [row] = await db.query<UsageRow & { blocked: string | null; recent: string }>(
    `SELECT usage.*,
            (SELECT address FROM blocked_addresses WHERE address = ANY($6::text[]) LIMIT 1) AS blocked,
            (SELECT count(DISTINCT nonce) FROM sponsorships WHERE sender = $3 AND created_at > $7) AS recent
       FROM (${usageSelect}) usage`,
    [...usageParams(usage.sender, usage.nonce, usage.now, usage.liveAt), addresses.map((address) => address.toLowerCase()), since],
  );
  return { blocked: row?.blocked ?? undefined, recent: Number(row?.recent ?? 0), usage: usageOf(row) };
}

export type SponsorshipRecord = {
  sender: Address;
  nonce: bigint;
  maxGas: bigint;
  maxCostWei: bigint;
  validUntil: Date;
  paymasterDataHash: string;
  now: Date;
};

/**
 * Records a signed sponsorship in one statement, if the account's version is still `version`
 * (the one its usage was read with; the version is then bumped) and if reserving `reserve.wei`
 * of today's global budget (budget.ts) does not pass `reserve.limit`. "changed": another
 * sponsorship for the account was recorded since its usage was read (at any instance), and
 * nothing was written; "budget": the budget refused, and nothing was recorded.
 */
export async function recordSponsorship(
  db: Queryable,
  sponsorship: SponsorshipRecord,
  reserve: { wei: bigint; limit: bigint },
  version: bigint,
): Promise<"recorded" | "changed" | "budget"> {
  const [row] = await db.query<{ claimed: boolean; recorded: boolean }>(
    `WITH claimed AS (
       INSERT INTO sponsorship_senders AS a (sender, version) VALUES ($1, $11::bigint + 1)
       ON CONFLICT (sender) DO UPDATE SET version = a.version + 1 WHERE a.version = $11::bigint
       RETURNING 1),
     reserved AS (
       INSERT INTO sponsorship_budget AS b (day, committed_wei)
       SELECT $8::date, $9::numeric WHERE $9::numeric > 0 AND $9::numeric <= $10::numeric AND EXISTS (SELECT 1 FROM claimed)
       ON CONFLICT (day) DO UPDATE SET committed_wei = b.committed_wei + excluded.committed_wei
        WHERE b.committed_wei + excluded.committed_wei <= $10::numeric
       RETURNING 1),
     recorded AS (
       INSERT INTO sponsorships (sender, nonce, max_gas, max_cost_wei, valid_until, paymaster_data_hash, created_at)
       SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM claimed) AND ($9::numeric <= 0 OR EXISTS (SELECT 1 FROM reserved))
       RETURNING id)
     SELECT EXISTS (SELECT 1 FROM claimed) AS claimed, EXISTS (SELECT 1 FROM recorded) AS recorded`,
    [
      sponsorship.sender.toLowerCase(),
      sponsorship.nonce,
      sponsorship.maxGas,
      sponsorship.maxCostWei,
      sponsorship.validUntil,
      sponsorship.paymasterDataHash,
      sponsorship.now,
      budgetDay(sponsorship.now),
      reserve.wei,
      reserve.limit,
      version,
    ],
  );
  return !row?.claimed ? "changed" : row.recorded ? "recorded" : "budget";
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
 * same (sender, nonce) are void. The global budget (budget.ts) of each day they were signed
 * on gives back what they reserved beyond that cost — computed from the rows this statement
 * changed, so a bundle settled twice gives nothing back twice. One statement for a whole bundle.
 */
export async function settleSponsorships(db: Queryable, settlements: readonly SponsorshipSettlement[]): Promise<void> {
  if (settlements.length === 0) return;
  await db.query(
    `WITH settled AS (
       UPDATE sponsorships AS s
          SET status = CASE WHEN s.paymaster_data_hash = v.data_hash THEN 'included' ELSE 'void' END,
              user_operation_hash = CASE WHEN s.paymaster_data_hash = v.data_hash THEN v.op_hash ELSE s.user_operation_hash END,
              actual_gas_used = CASE WHEN s.paymaster_data_hash = v.data_hash THEN v.used::numeric ELSE s.actual_gas_used END,
              actual_gas_cost = CASE WHEN s.paymaster_data_hash = v.data_hash THEN v.cost::numeric ELSE s.actual_gas_cost END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS v (sender, nonce, data_hash, op_hash, used, cost)
        WHERE s.sender = v.sender AND s.nonce = v.nonce::numeric AND s.status = 'signed'
       RETURNING s.sender, s.nonce, (s.created_at AT TIME ZONE 'UTC')::date AS day, s.max_cost_wei, s.status, s.actual_gas_cost),
     groups AS (
       SELECT day, max(max_cost_wei) - coalesce(max(actual_gas_cost) FILTER (WHERE status = 'included'), 0) AS returned
         FROM settled GROUP BY sender, nonce, day)
     UPDATE sponsorship_budget AS b SET committed_wei = b.committed_wei - g.returned
       FROM (SELECT day, sum(returned) AS returned FROM groups GROUP BY day) g
      WHERE b.day = g.day`,
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
