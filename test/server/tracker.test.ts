// The operation tracker's waits (what paykey_getUserOperationStatus's `waitMs` rests on): woken by
// this instance's own writes, ended by their deadline or when the relayer stops.
import { expect } from "chai";
import type { Hex, PublicClient } from "viem";
import { createOperationTracker } from "../../server/src/executor/tracker.ts";
import { receivedOperation } from "../../server/src/executor/outbox.ts";
import type { Queryable } from "../../server/src/db/store.ts";

const entryPoint = "0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108";
const hash = `0x${"12".repeat(32)}` as Hex;
const op = {
  sender: "0x000000000000000000000000000000000000bEEF",
  nonce: 0n,
  callData: "0x",
  callGasLimit: 1n,
  verificationGasLimit: 1n,
  preVerificationGas: 1n,
  maxFeePerGas: 1n,
  maxPriorityFeePerGas: 1n,
  signature: "0x",
} as const;

/** A tracker whose waits are under test: nothing here reads the database or the chain. */
function tracker() {
  const unused = () => {
    throw new Error("not read in these tests");
  };
  return createOperationTracker({ db: { query: unused } as unknown as Queryable, client: {} as PublicClient, shared: () => false });
}

describe("relayer: waiting for an operation's change", function () {
  it("wakes a wait when the operation is written or forgotten, and only that operation's", async function () {
    const operations = tracker();
    const other = operations.changed(`0x${"34".repeat(32)}`, 300);
    const woken = operations.changed(hash, 5_000);
    const started = Date.now();
    operations.remember(receivedOperation(hash, entryPoint, op, new Date()));
    expect(await woken).to.equal("changed");
    expect(Date.now() - started).to.be.below(100);
    expect(await other).to.equal("timeout");
    const forgotten = operations.changed(hash, 5_000);
    operations.forget([hash]);
    expect(await forgotten).to.equal("changed");
  });

  it("ends a wait at its deadline, and every wait (and any later one) at close", async function () {
    const operations = tracker();
    const started = Date.now();
    expect(await operations.changed(hash, 50)).to.equal("timeout");
    expect(Date.now() - started).to.be.at.least(45);
    const waits = [operations.changed(hash, 10_000), operations.changed(hash, 10_000)];
    operations.close();
    expect(await Promise.all(waits)).to.deep.equal(["closed", "closed"]);
    expect(await operations.changed(hash, 10_000)).to.equal("closed");
  });
});
