// An analytics or export period: whole local days `from`..`to` in the store's time zone, and
// the instants they start and end at (local midnights; PostgreSQL's zone database decides).
import type { Queryable } from "../db/store.ts";
import { LedgerError } from "./errors.ts";

export type Period = { from: string; to: string; start: Date; end: Date; days: number };

const dayMs = 86_400_000;

/** The local date of `now` in `timeZone`, as YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);

/**
 * Resolves `from`/`to` (defaults: the `defaultDays` days ending today in the store's time zone)
 * and checks the period is at most `maxDays` long.
 */
export async function resolvePeriod(
  db: Queryable,
  parameters: { from?: string | undefined; to?: string | undefined; timeZone: string; now: Date; defaultDays?: number; maxDays: number },
): Promise<Period> {
  const to = parameters.to ?? localDate(parameters.now, parameters.timeZone);
  const from = parameters.from ?? addDays(to, -((parameters.defaultDays ?? 30) - 1));
  const days = Math.round((Date.parse(to) - Date.parse(from)) / dayMs) + 1;
  if (days < 1) throw new LedgerError("invalid_period", "The period ends before it starts.", { data: { from, to } });
  if (days > parameters.maxDays) {
    throw new LedgerError("invalid_period", `The period is ${days} days long; at most ${parameters.maxDays} are allowed here.`, { data: { from, to, maxDays: parameters.maxDays } });
  }
  const [bounds] = await db.query<{ start: Date; stop: Date }>(
    "SELECT ($2::date::timestamp AT TIME ZONE $1) AS start, (($3::date + 1)::timestamp AT TIME ZONE $1) AS stop",
    [parameters.timeZone, from, to],
  );
  return { from, to, start: bounds!.start, end: bounds!.stop, days };
}
