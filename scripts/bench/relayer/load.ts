// The closed-loop load of the relayer benchmarks: every payer pays, waits for the receipt and
// pays again, for a ramp-up and then a measured window; fees follow the chain. Shared by
// bench:relayer and bench:peer, which differ in where payments go and what they measure.
import type { PublicClient } from "viem";
import { percentile } from "./measure.ts";
import type { Fees, Payer, PaymentTiming } from "./payer.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

export type LoadResult = {
  timings: PaymentTiming[];
  failures: Record<string, number>;
  windowStart: number;
  windowEnd: number;
};

/**
 * Runs `payment` for every payer in a loop until the window ends (`rampUpMs`, then
 * `durationSeconds`); payers start spread over one block. `atWindowStart` runs when the
 * measured window opens (snapshots of CPU counters); its result is returned with the load's.
 */
export async function runPayments<T>(parameters: {
  payers: readonly Payer[];
  publicClient: PublicClient;
  durationSeconds: number;
  rampUpMs: number;
  blockTimeMs: number;
  payment: (payer: Payer, fees: Fees) => Promise<PaymentTiming>;
  atWindowStart: () => Promise<T>;
}): Promise<LoadResult & { start: T }> {
  const { payers, publicClient, blockTimeMs } = parameters;
  let fees = await publicClient.estimateFeesPerGas();
  let running = true;
  const feeUpdater = (async () => {
    while (running) {
      await sleep(blockTimeMs);
      fees = await publicClient.estimateFeesPerGas().catch(() => fees);
    }
  })();
  const timings: PaymentTiming[] = [];
  const failures = new Map<string, number>();
  const windowStart = performance.now() + parameters.rampUpMs;
  const windowEnd = windowStart + parameters.durationSeconds * 1000;
  const atStart = sleep(parameters.rampUpMs).then(parameters.atWindowStart);
  await Promise.all(
    payers.map(async (payer, index) => {
      await sleep((index / payers.length) * blockTimeMs);
      while (performance.now() < windowEnd) {
        try {
          timings.push(await parameters.payment(payer, fees));
        } catch (error) {
          const key = String(error instanceof Error ? error.message : error).slice(0, 120);
          failures.set(key, (failures.get(key) ?? 0) + 1);
          payer.nonce = await payer.account.getNonce();
          await sleep(blockTimeMs);
        }
      }
    }),
  );
  const start = await atStart;
  running = false;
  await feeUpdater;
  return { timings, failures: Object.fromEntries(failures), windowStart, windowEnd, start };
}

/**
 * Throughput: receipts seen in the window; latencies (ms, send → receipt and the others) of
 * the payments sent and included in it.
 */
export function summarize(load: LoadResult, durationSeconds: number) {
  const { timings, windowStart, windowEnd } = load;
  const completed = timings.filter((timing) => timing.includedAt >= windowStart && timing.includedAt <= windowEnd).length;
  const measured = timings.filter((timing) => timing.sentAt >= windowStart && timing.includedAt <= windowEnd);
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  const latencies = sorted(measured.map((timing) => timing.includedAt - timing.sentAt));
  const flows = sorted(measured.map((timing) => timing.includedAt - timing.startedAt));
  const accepts = sorted(measured.map((timing) => timing.acceptedAt - timing.sentAt));
  return {
    completed,
    paymentsPerSecond: round(completed / durationSeconds, 1),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    acceptP50Ms: round(percentile(accepts, 50)),
    acceptP95Ms: round(percentile(accepts, 95)),
    sponsorToReceiptP50Ms: round(percentile(flows, 50)),
    sponsorToReceiptP95Ms: round(percentile(flows, 95)),
    /** `ms` of CPU spread over the completed payments. */
    perPayment: (ms: number) => round(ms / Math.max(1, completed), 2),
  };
}
