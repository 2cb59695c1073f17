// The global daily budget's running total. Summing every sponsorship of the day costs a scan
// that grows all day (8.6M rows at 100 a second), so each relayer instance reads the total at
// most once per `refreshMs` and adds what it signs itself in between.
//
// Exact for one instance. With several, each sees the others' sponsorships up to `refreshMs`
// late, so together they may overshoot the budget by at most that much sponsoring. Errors
// otherwise lean to refusing: an expired, unused sponsorship keeps counting until the next
// read, and an included one counts its maximum cost instead of its actual cost until then.
import type { Queryable } from "../db/store.ts";
import { globalSpendToday, startOfUtcDay } from "./gasUsage.ts";

export type SpendTracker = {
  /** Wei sponsored today by everyone (expiry judged at `liveAt`); `db` is read when the total is older than `refreshMs`. */
  total(db: Queryable, now: Date, liveAt?: Date): Promise<bigint>;
  /** This instance signed a sponsorship that adds `wei` to today's total. */
  add(wei: bigint): void;
};

export function createSpendTracker(parameters: { refreshMs?: number } = {}): SpendTracker {
  const refreshMs = parameters.refreshMs ?? 1_000;
  let known: { total: bigint; readAt: number; day: number } | undefined;
  return {
    async total(db, now, liveAt = now) {
      const day = startOfUtcDay(now).getTime();
      if (!known || known.day !== day || Date.now() - known.readAt >= refreshMs) {
        known = { total: await globalSpendToday(db, now, liveAt), readAt: Date.now(), day };
      }
      return known.total;
    },
    add(wei) {
      if (known && wei > 0n) known.total += wei;
    },
  };
}
