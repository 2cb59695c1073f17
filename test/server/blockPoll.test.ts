// The executor's block poll: while a bundle is on its way, the node is asked for its block
// number every EXECUTOR_BLOCK_POLL_MS, and a new block starts a round at once — the bundle is
// settled (and its key freed) without waiting for the bundling interval.
import { expect } from "chai";
import type { Hex } from "viem";
import { createFixture, type Fixture } from "./helpers/fixture.ts";

describe("relayer: a new block starts a round", function () {
  let fx: Fixture;

  before(async function () {
    // Rounds a minute apart: only the block poll can settle the bundle within the test.
    fx = await createFixture({ BUNDLE_INTERVAL_MS: "60000", EXECUTOR_POLL_MS: "60000", EXECUTOR_BLOCK_POLL_MS: "20" });
  });

  after(async function () {
    await fx?.chain.provider.request({ method: "evm_setAutomine", params: [true] });
    await fx?.close();
  });

  const outboxStatus = async (hash: Hex) =>
    (await fx.relayer.store.query<{ status: string }>("SELECT status FROM user_operations WHERE hash = $1", [hash]))[0]?.status;

  it("settles a bundle within moments of the block that mined it, with the next round a minute away", async function () {
    const payer = await fx.signUp();
    const hash = await fx.bundlerClient.sendUserOperation({ account: payer.account, calls: await fx.paymentCalls(payer.address, 7n) });
    await fx.chain.provider.request({ method: "evm_setAutomine", params: [false] });
    await fx.relayer.context.executor.runOnce(); // bundled and broadcast: waits in the mempool
    expect(await outboxStatus(hash)).to.equal("submitted");

    // No block, no round: after ten poll intervals the bundle is still on its way.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await outboxStatus(hash)).to.equal("submitted");

    const minedAt = Date.now();
    await fx.chain.provider.request({ method: "evm_mine", params: [] });
    while ((await outboxStatus(hash)) !== "included") {
      if (Date.now() - minedAt > 5_000) throw new Error("the mined bundle was not settled within 5 s");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const receipt = await fx.bundlerClient.getUserOperationReceipt({ hash });
    expect(receipt.success).to.equal(true);
    expect(fx.relayer.logs.filter((line) => line.event === "bundle_settled" && line.status === "included")).to.have.length.greaterThan(0);
  });
});
