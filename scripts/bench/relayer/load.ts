// The closed-loop load of the relayer benchmarks: every payer pays, waits for the receipt and
// pays again, for a ramp-up and then a measured window; fees follow the chain. Shared by
// bench:relayer and bench:peer, which differ in where payments go and what they measure.
import type { PublicClient } from "viem";
import { percentile } from "./measure.ts";
import type { Fees, Payer, PaymentTiming } from "./payer.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 0) => Number(value.toFixed(digits));

export type LoadResult = {
  timings: (PaymentTiming & { arrivedAt?: number })[];
  /** Open loop: arrivals in the window that found no idle payer and waited for one. */
  arrivalsDelayed: number;
  failures: Record<string, number>;
  windowStart: number;
  windowEnd: number;
};

/**
 * Runs payments until the window ends (`rampUpMs`, then `durationSeconds`). `atWindowStart`
 * runs when the measured window opens (snapshots of CPU counters); its result is returned with
 * the load's.
 *
 * Closed loop (no `ratePerSecond`): every payer pays, waits for its receipt and pays again;
 * payers start spread over one block. Throughput is then whatever the system sustains, and
 * latency grows with the number of payers (Little's law): the saturation test.
 *
 * Open loop (`ratePerSecond`): payments arrive at that rate, with exponential gaps (a Poisson
 * process), each made by an idle payer (a payer has one operation in flight at a time, as its
 * account's nonce needs). Latency is then the latency at that load. An arrival that finds no
 * idle payer waits for one and is counted (`arrivalsDelayed`); its wait shows in
 * `arrivalToReceipt*`, which time a payment from its scheduled arrival.
 */
export async function runPayments<T>(parameters: {
  payers: readonly Payer[];
  publicClient: PublicClient;
  durationSeconds: number;
  rampUpMs: number;
  blockTimeMs: number;
  ratePerSecond?: number;
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
  const timings: LoadResult["timings"] = [];
  const failures = new Map<string, number>();
  const windowStart = performance.now() + parameters.rampUpMs;
  const windowEnd = windowStart + parameters.durationSeconds * 1000;
  const atStart = sleep(parameters.rampUpMs).then(parameters.atWindowStart);
  /** One payment; a failure is counted and the payer's nonce read again from the chain. */
  const payOnce = async (payer: Payer, arrivedAt?: number) => {
    try {
      const timing = await parameters.payment(payer, fees);
      timings.push(arrivedAt === undefined ? timing : { ...timing, arrivedAt });
    } catch (error) {
      const key = String(error instanceof Error ? error.message : error).slice(0, 120);
      failures.set(key, (failures.get(key) ?? 0) + 1);
      payer.nonce = await payer.account.getNonce();
      await sleep(blockTimeMs);
    }
  };
  let arrivalsDelayed = 0;
  if (parameters.ratePerSecond === undefined) {
    await Promise.all(
      payers.map(async (payer, index) => {
        await sleep((index / payers.length) * blockTimeMs);
        while (performance.now() < windowEnd) await payOnce(payer);
      }),
    );
  } else {
    const meanGapMs = 1000 / parameters.ratePerSecond;
    const idle = [...payers];
    const waitingForPayer: ((payer: Payer) => void)[] = [];
    const release = (payer: Payer) => {
      const waiter = waitingForPayer.shift();
      if (waiter) waiter(payer);
      else idle.push(payer);
    };
    const inFlight = new Set<Promise<void>>();
    // Absolute schedule: a late timer does not lower the rate, the next arrivals catch up.
    for (let arrival = performance.now(); arrival < windowEnd; arrival += -Math.log(1 - Math.random()) * meanGapMs) {
      const wait = arrival - performance.now();
      if (wait > 1) await sleep(wait);
      let payer = idle.pop();
      if (!payer) {
        if (arrival >= windowStart) arrivalsDelayed += 1;
        payer = await new Promise<Payer>((resolve) => waitingForPayer.push(resolve));
      }
      const chosen = payer;
      const payment = payOnce(chosen, arrival).finally(() => {
        inFlight.delete(payment);
        release(chosen);
      });
      inFlight.add(payment);
    }
    await Promise.all(inFlight);
  }
  const start = await atStart;
  running = false;
  await feeUpdater;
  return { timings, failures: Object.fromEntries(failures), windowStart, windowEnd, start, arrivalsDelayed };
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
  const arrivals = sorted(measured.flatMap((timing) => (timing.arrivedAt === undefined ? [] : [timing.includedAt - timing.arrivedAt])));
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
    ...(arrivals.length > 0
      ? { arrivalToReceiptP50Ms: round(percentile(arrivals, 50)), arrivalToReceiptP95Ms: round(percentile(arrivals, 95)), arrivalsDelayed: load.arrivalsDelayed }
      : {}),
    /** `ms` of CPU spread over the completed payments. */
    perPayment: (ms: number) => round(ms / Math.max(1, completed), 2),
  };
}
