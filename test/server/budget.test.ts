// The global daily budget's counter (server/src/sponsor/budget.ts): a sponsorship reserves its
// maximum cost, inclusion settles it to the actual cost, and unused sponsorships whose
// signatures expired are released — the day's counter equals exactly what the rules count,
// on a clock the test moves (chain time along).
import { expect } from "chai";
import { parseGwei, parseUnits, type Hex } from "viem";
import type { UserOperation } from "viem/account-abstraction";
import { accountUsageToday, recordSponsorship } from "../../server/src/sponsor/gasUsage.ts";
import { createClockedFixture } from "./helpers/fixture.ts";

type Fixture = Awaited<ReturnType<typeof createClockedFixture>>;

/** Fixed limits (at the wallet's floor for a first operation) and price: every sponsorship here has the same maximum cost. */
const limits = { callGasLimit: 200_000n, verificationGasLimit: 600_000n, preVerificationGas: 60_000n };
const fees = { maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: parseGwei("1") };
/** The relayer's paymaster verification gas (sponsor.ts) is part of the maximum. */
const maxCost = (limits.callGasLimit + limits.verificationGasLimit + limits.preVerificationGas + 60_000n) * fees.maxFeePerGas;

describe("relayer: the daily budget's counter", function () {
  let fx: Fixture;

  before(async function () {
    fx = await createClockedFixture("12:00:00", { SPONSOR_DAILY_BUDGET_WEI: ((maxCost * 5n) / 2n).toString(), RATE_LIMIT_PER_ACCOUNT: "1000" });
  });

  after(async function () {
    await fx?.close();
  });

  const committed = async () => BigInt((await fx.relayer.store.query<{ committed_wei: string }>("SELECT committed_wei FROM sponsorship_budget"))[0]?.committed_wei ?? 0);

  /** A payment sponsored by the relayer (pm_getPaymasterStubData, pm_getPaymasterData), signed, not sent. */
  async function sponsoredPayment(): Promise<UserOperation<"0.8">> {
    const { account, address } = await fx.signUp(parseUnits("10", 6));
    const prepared = await fx.bundlerClient.prepareUserOperation({ account, calls: await fx.paymentCalls(address, 1n), ...limits, ...fees });
    return { ...prepared, signature: await account.signUserOperation(prepared) } as UserOperation<"0.8">;
  }

  it("reserves each sponsorship's maximum, settles an included one to its actual cost, releases expired unused ones", async function () {
    const first = await sponsoredPayment();
    await sponsoredPayment(); // signed, never sent
    expect(await committed()).to.equal(maxCost * 2n);
    const refused = await sponsoredPayment().then(
      () => undefined,
      (error: { walk: () => { data?: { reason?: string } } }) => error,
    );
    expect(refused?.walk().data?.reason ?? String(refused)).to.equal("daily_budget");

    // Included: it counts its actual cost from then on, which leaves room for one more.
    const hash = await fx.bundlerClient.sendUserOperation(first as Parameters<Fixture["bundlerClient"]["sendUserOperation"]>[0]);
    const receipt = await fx.bundlerClient.waitForUserOperationReceipt({ hash: hash as Hex, timeout: 20_000 });
    expect(receipt.success).to.equal(true);
    expect(await committed()).to.equal(maxCost + receipt.actualGasCost);
    await sponsoredPayment(); // signed, never sent
    expect(await committed()).to.equal(maxCost * 2n + receipt.actualGasCost);

    // Eleven minutes on, the two unused signatures (valid for ten) have expired: the next
    // request finds the budget full, releases them, and fits.
    await fx.clock.advance(11 * 60_000);
    await sponsoredPayment();
    expect(await committed()).to.equal(maxCost + receipt.actualGasCost);
    const statuses = await fx.relayer.store.query<{ status: string }>("SELECT status FROM sponsorships ORDER BY id");
    expect(statuses.map((row) => row.status)).to.deep.equal(["included", "expired", "expired", "signed"]);
  });

  it("records a sponsorship only on the account's usage as read: a decision on stale usage writes nothing and is made again", async function () {
    const { address: sender } = await fx.signUp(0n);
    const now = fx.clock.now();
    const sponsorship = (nonce: bigint, hash: string) => ({
      sender,
      nonce,
      maxGas: 1_000n,
      maxCostWei: 5n,
      validUntil: new Date(now.getTime() + 600_000),
      paymasterDataHash: hash,
      now,
    });
    const rows = async () => (await fx.relayer.store.query<{ nonce: string }>("SELECT nonce FROM sponsorships WHERE sender = $1 ORDER BY id", [sender.toLowerCase()])).map((row) => row.nonce);
    const limit = 10n ** 30n;

    const read = await accountUsageToday(fx.relayer.store, sender, 0n, now);
    expect(read).to.include({ ops: 0, version: 0n });
    expect(await recordSponsorship(fx.relayer.store, sponsorship(0n, "0x01"), { wei: 5n, limit }, read.version)).to.equal("recorded");
    const before = await committed();

    // A second decision made on the same read (as at another instance, at the same moment) is stale.
    expect(await recordSponsorship(fx.relayer.store, sponsorship(1n, "0x02"), { wei: 5n, limit }, read.version)).to.equal("changed");
    expect(await rows()).to.deep.equal(["0"]);
    expect(await committed()).to.equal(before);

    // Read again, it counts the first and records.
    const again = await accountUsageToday(fx.relayer.store, sender, 1n, now);
    expect(again).to.include({ ops: 1, version: 1n });
    expect(await recordSponsorship(fx.relayer.store, sponsorship(1n, "0x02"), { wei: 5n, limit }, again.version)).to.equal("recorded");
    expect(await rows()).to.deep.equal(["0", "1"]);
    expect(await committed()).to.equal(before + 5n);

    // On current usage but past the budget: refused by the budget, nothing recorded or reserved.
    const third = await accountUsageToday(fx.relayer.store, sender, 2n, now);
    expect(await recordSponsorship(fx.relayer.store, sponsorship(2n, "0x03"), { wei: 5n, limit: before + 5n }, third.version)).to.equal("budget");
    expect(await rows()).to.deep.equal(["0", "1"]);
    expect(await committed()).to.equal(before + 5n);
  });
});
