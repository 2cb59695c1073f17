// The retry schedule: waits double from the base (with jitter between half and all of it) up
// to the cap, and a delivery keeps being retried until an attempt fails after its retry window
// (a day by default), whatever the jitter.
import { expect } from "chai";
import fc from "fast-check";
import { nextAttemptAt, retryDelayMs } from "../../../server/src/webhooks/backoff.ts";

describe("webhooks: retry schedule", function () {
  const policy = { baseMs: 10_000, maxMs: 3_600_000 };
  const day = 86_400_000;

  it("doubles from the base up to the cap, with equal jitter", function () {
    const low = [1, 2, 3, 4, 12, 13, 40].map((attempt) => retryDelayMs(policy, attempt, () => 0));
    const high = [1, 2, 3, 4, 12, 13, 40].map((attempt) => retryDelayMs(policy, attempt, () => 0.999_999));
    expect(low).to.deep.equal([5_000, 10_000, 20_000, 40_000, 1_800_000, 1_800_000, 1_800_000]);
    expect(high).to.deep.equal([9_999, 19_999, 39_999, 79_999, 3_599_998, 3_599_998, 3_599_998]);
  });

  it("retries for at least a day after the event, and stops at the first failure after it", function () {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 200, maxLength: 200 }), (randoms) => {
        const created = new Date(0);
        const retryUntil = new Date(day);
        let now = created;
        let attempt = 1;
        let last = now;
        for (;;) {
          const next = nextAttemptAt(policy, { attempt, now, retryUntil }, () => randoms[attempt % randoms.length]!);
          if (next === null) break;
          expect(next.getTime() - now.getTime()).to.be.at.most(policy.maxMs);
          now = next;
          last = next;
          attempt += 1;
        }
        // The last attempt is at or after the end of the window, and no wait exceeded the cap, so it is less than an hour after.
        expect(last.getTime()).to.be.at.least(day);
        expect(last.getTime()).to.be.below(day + policy.maxMs);
        expect(attempt).to.be.within(24, 60);
      }),
      { numRuns: 50 },
    );
  });
});
