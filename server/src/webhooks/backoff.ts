// When to try a failed delivery again: exponential backoff with jitter, for at least the retry
// window. The n-th retry waits base × 2^(n−1), capped, then scaled by a random factor in
// [0.5, 1) ("equal jitter": retries of many deliveries spread out, yet each wait still grows).
// A delivery fails for good only when an attempt fails after its `retryUntil`, so the last
// attempt is at least the retry window after the event.

export type RetryPolicy = { baseMs: number; maxMs: number };

/** The wait after failed attempt number `attempt` (1-based). */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.max(1, Math.floor(exponential * (0.5 + random() / 2)));
}

/** The next attempt's time after failed attempt `attempt` at `now`, or null when the delivery has failed for good. */
export function nextAttemptAt(policy: RetryPolicy, parameters: { attempt: number; now: Date; retryUntil: Date }, random?: () => number): Date | null {
  if (parameters.now.getTime() >= parameters.retryUntil.getTime()) return null;
  return new Date(parameters.now.getTime() + retryDelayMs(policy, parameters.attempt, random));
}
