// A relayer clock the test sets and moves, with the chain's time moved along. The relayer
// reads time from two places: its own clock (days, windows, sessions) and the chain's blocks
// (the EntryPoint judges a paymaster signature's validUntil by block time). A test that moved
// only the relayer's clock would test a world that cannot exist: a paymaster signature set
// from a chain hours ahead stays usable however far the relayer's clock alone is moved.
//
// The test never reads the wall clock: the start is a time of day on a day after the chain's
// latest block. The chain's own clock runs on from each jump at wall speed (a few seconds
// over a suite), so steps in tests are much larger than that.
import type { TestChain } from "./chain.ts";

const dayMs = 86_400_000;

export type TestClock = {
  /** The relayer's `now` (pass it as StartRelayerOptions.now). */
  now(): Date;
  /** Moves the relayer's clock by `ms` and the chain's (a mined block) to at least that time. */
  advance(ms: number): Promise<void>;
  /** Moves both clocks forward to the next `hh:mm:ss` UTC. */
  advanceTo(timeOfDay: string): Promise<void>;
};

/** Milliseconds after 00:00 UTC of a `hh:mm:ss` time of day. */
function parseTimeOfDay(timeOfDay: string): number {
  const match = /^(\d\d):(\d\d):(\d\d)$/.exec(timeOfDay);
  if (!match) throw new Error(`not a hh:mm:ss time of day: ${timeOfDay}`);
  return ((Number(match[1]) * 60 + Number(match[2])) * 60 + Number(match[3])) * 1000;
}

/** A clock starting at `timeOfDay` (UTC) on the day after the chain's latest block, the chain moved there too. */
export async function startClockAt(chain: TestChain, timeOfDay: string): Promise<TestClock> {
  const { time } = chain.networkHelpers;
  let ms = (Math.floor((Number(await time.latest()) * 1000) / dayMs) + 1) * dayMs + parseTimeOfDay(timeOfDay);

  const syncChain = async () => {
    const latest = Number(await time.latest());
    await time.increaseTo(Math.max(latest + 1, Math.ceil(ms / 1000)));
  };
  await syncChain();

  const clock: TestClock = {
    now: () => new Date(ms),
    async advance(step) {
      if (step < 0) throw new Error("the clock only moves forward (the chain's cannot go back)");
      ms += step;
      await syncChain();
    },
    async advanceTo(next) {
      const target = Math.floor(ms / dayMs) * dayMs + parseTimeOfDay(next);
      await clock.advance(target > ms ? target - ms : target + dayMs - ms);
    },
  };
  return clock;
}
