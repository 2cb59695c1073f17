// Streams CSV from SQL: rows are read in keyset-paginated batches (the same on PGlite and
// PostgreSQL, and no transaction is held open between batches, so the single PGlite
// connection stays free for other requests) and written through csv-stringify with backpressure,
// so memory stays flat however many rows there are. Values a spreadsheet would execute
// (starting with =, +, -, @, tab or CR) are escaped with a leading apostrophe by csv-stringify.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { FastifyReply } from "fastify";
import type { Logger } from "../../logger.ts";

export type CsvRow = Record<string, string | number | null>;

/**
 * Rows of successive keyset batches: `fetch(after)` returns the rows after the last one's key, at
 * most `size`. The next batch is read while the current one is written out (the database and the
 * CSV encoder work at the same time), so at most two batches are held.
 */
export async function* keysetRows<R, K>(
  fetch: (after: K | undefined, size: number) => Promise<R[]>,
  keyOf: (row: R) => K,
  size = 1_000,
): AsyncGenerator<R> {
  const read = (after: K | undefined) => {
    const batch = fetch(after, size);
    // A reader that stops early leaves the read ahead unawaited: its failure must not go unhandled.
    batch.catch(() => {});
    return batch;
  };
  let next = read(undefined);
  for (;;) {
    const rows = await next;
    const count = rows.length;
    if (count === size) next = read(keyOf(rows.at(-1)!));
    // Each row is let go once written, so rows die young instead of living as long as their batch.
    for (let index = 0; index < count; index++) {
      const row = rows[index]!;
      rows[index] = undefined as R;
      yield row;
    }
    if (count < size) return;
  }
}

/** The CSV encoder of an export: a header row of `columns`, formulas escaped (what sendCsv streams; the benchmark measures it). */
export const csvStringifier = (columns: readonly string[]) =>
  stringify({ header: true, columns: [...columns], escape_formulas: true, cast: { number: (value) => String(value) } });

/** Sends `rows` as a CSV attachment `filename` with a header row of `columns`. */
export function sendCsv(reply: FastifyReply, parameters: { filename: string; columns: readonly string[]; rows: AsyncIterable<CsvRow>; logger: Logger }): FastifyReply {
  const csv = csvStringifier(parameters.columns);
  // A failure after the first bytes can only end the response early; it is logged.
  pipeline(Readable.from(parameters.rows), csv).catch((error: unknown) => parameters.logger.warn({ err: error, file: parameters.filename }, "csv export failed"));
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${parameters.filename}"`)
    .header("cache-control", "no-store")
    .send(csv);
}
