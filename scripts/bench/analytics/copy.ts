// COPY … FROM STDIN through pg-copy-streams: rows come from a (lazy) generator, are encoded in
// PostgreSQL's text format and written in chunks with backpressure, so memory stays flat however
// many rows a table gets.
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export type Cell = string | number | bigint | boolean | null;

/** One value in COPY's text format: `\N` for NULL, backslash escapes for the separators. */
function encode(value: Cell): string {
  if (value === null) return "\\N";
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value !== "string") return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : value;
}

function* chunks(rows: Iterable<readonly Cell[]>, rowsPerChunk = 1_000): Generator<string> {
  let chunk = "";
  let count = 0;
  for (const row of rows) {
    chunk += `${row.map(encode).join("\t")}\n`;
    if (++count === rowsPerChunk) {
      yield chunk;
      chunk = "";
      count = 0;
    }
  }
  if (chunk) yield chunk;
}

/** Streams `rows` into `table (columns)`; resolves with the number of rows PostgreSQL stored. */
export async function copyRows(client: pg.Client, table: string, columns: readonly string[], rows: Iterable<readonly Cell[]>): Promise<number> {
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(chunks(rows)), sink);
  return Number(sink.rowCount);
}
