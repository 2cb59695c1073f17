// Sponsorship caps that hold across relayer instances on one database (migration
// 0005_sponsorship_budget.sql), with row locks and atomic conditional updates only.
//
// Per account: a sponsorship is decided on the account's usage read together with its
// `sponsorship_senders` version (migration 0006), and recorded only if that version is still
// current, bumping it in the same statement (gasUsage.ts recordSponsorship). Of two requests
// for one account at two instances decided on the same usage, one is recorded and the other
// decided again on the usage that includes it: the account's usage is counted exactly, and no
// transaction or lock is held while the paymaster signs.
//
// Global budget: `sponsorship_budget` holds what each UTC day has committed. A signature
// reserves what it adds with one conditional update that refuses to pass the limit (in the
// statement that records it, gasUsage.ts recordSponsorship); inclusion
// settles a (sender, nonce) to its actual cost (settleSponsorships); a (sender, nonce) whose
// unused signatures all expired is released. No instance sums the day's sponsorships.
import type { Queryable } from "../db/store.ts";

/** The UTC day a moment falls in, as the DATE key of `sponsorship_budget`. */
export function budgetDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/** Wei committed on `now`'s day by every instance. */
export async function committedToday(db: Queryable, now: Date): Promise<bigint> {
  const [row] = await db.query<{ committed_wei: string }>("SELECT committed_wei FROM sponsorship_budget WHERE day = $1::date", [budgetDay(now)]);
  return BigInt(row?.committed_wei ?? 0);
}

/**
 * Releases today's (sender, nonce) groups whose signatures are all unused and expired at
 * `liveAt` (status 'expired'): their reservation goes back to the budget. Returns the wei released.
 */
export async function releaseExpiredSponsorships(db: Queryable, now: Date, liveAt: Date): Promise<bigint> {
  const [row] = await db.query<{ released: string | null }>(
    `WITH expired AS (
       UPDATE sponsorships AS s SET status = 'expired'
        WHERE s.status = 'signed' AND s.created_at >= $1 AND s.created_at < $1::timestamptz + interval '1 day'
          AND NOT EXISTS (SELECT 1 FROM sponsorships t
                           WHERE t.sender = s.sender AND t.nonce = s.nonce AND t.status = 'signed' AND t.valid_until > $2
                             AND t.created_at >= $1 AND t.created_at < $1::timestamptz + interval '1 day')
       RETURNING s.sender, s.nonce, s.max_cost_wei),
     released AS (SELECT sum(reserved) AS wei FROM (SELECT max(max_cost_wei) AS reserved FROM expired GROUP BY sender, nonce) groups),
     updated AS (UPDATE sponsorship_budget SET committed_wei = committed_wei - (SELECT wei FROM released)
                  WHERE day = $3::date AND (SELECT wei FROM released) IS NOT NULL)
     SELECT wei AS released FROM released`,
    [new Date(`${budgetDay(now)}T00:00:00.000Z`), liveAt, budgetDay(now)],
  );
  return BigInt(row?.released ?? 0);
}
