// Measurements for the relayer benchmark: CPU time of processes (the relayer, the chain, the
// PostgreSQL backends serving the relayer), Prometheus counters, percentiles.
import { readFileSync } from "node:fs";
import pg from "pg";

/** CPU time (user + system) of a process, from /proc, in milliseconds; 0 once it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    const ticksPerSecond = 100; // USER_HZ on Linux
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** A Prometheus sample of the relayer's /metrics (the first line with that name). */
export async function metric(relayerUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${relayerUrl}/metrics`)).text();
  const line = text.split("\n").find((entry) => entry.startsWith(`${name} `) || entry.startsWith(`${name}{`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * CPU of the PostgreSQL backends serving one application (its connections carry
 * `application_name`): a snapshot per backend pid, so backends that come and go are counted.
 */
export async function postgresBackendsCpu(url: string, applicationName: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [applicationName]);
    return new Map(rows.map(({ pid }) => [pid, processCpuMs(pid)]));
  } finally {
    await client.end();
  }
}

/** CPU the backends spent between two snapshots (a backend new in `after` counts from zero). */
export function backendsCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

/** Resident memory of a process in MB, from /proc: now (VmRSS) and its peak so far (VmHWM); 0 once it is gone. */
export function processMemoryMb(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
  } catch {
    return { rss: 0, peak: 0 };
  }
}
