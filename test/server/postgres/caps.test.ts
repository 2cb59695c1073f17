// Sponsorship caps across two relayer instances on one PostgreSQL (two relayers, each with its
// own connection pool, on one schema and one chain, one clock): requests that arrive at both
// at once are decided as if one relayer had seen them all.
//
// 1. One account at its daily cap of operations sends a dozen sponsorship requests to both
//    instances at once: exactly the cap is signed, the rest refused with daily_op_cap.
// 2. The global daily budget has room for three more: a dozen accounts ask both instances at
//    once: exactly three are signed, the rest refused with daily_budget, and the day's counter
//    holds exactly what was signed.
import { expect } from "chai";
import { encodeFunctionData, erc20Abi, parseGwei, type Address } from "viem";
import { createPostgresStore, type Store } from "../../../server/src/db/index.ts";
import { startChain, type TestChain } from "../helpers/chain.ts";
import { startClockAt, type TestClock } from "../helpers/clock.ts";
import { postgresReachable, testPostgresUrl, uniqueSchema } from "../helpers/database.ts";
import { deployOn, rpcForm, withRelayer } from "../helpers/fixture.ts";
import { startTestRelayer, type TestRelayer } from "../helpers/relayer.ts";

/** Every request asks for the same gas at the same price: one sponsorship's maximum cost. */
const gas = { callGasLimit: 100_000n, verificationGasLimit: 300_000n, preVerificationGas: 60_000n, paymasterVerificationGasLimit: 60_000n, paymasterPostOpGasLimit: 0n };
const maxFeePerGas = parseGwei("2");
const costWei = (gas.callGasLimit + gas.verificationGasLimit + gas.preVerificationGas + gas.paymasterVerificationGasLimit) * maxFeePerGas;
const opCap = 5;
/** Room for the first test's five and three more. */
const budgetWei = costWei * 8n;

describe("relayer: sponsorship caps across two instances on one PostgreSQL", function () {
  this.timeout(180_000);

  let chain: TestChain;
  let clock: TestClock;
  const stores: Store[] = [];
  const relayers: TestRelayer[] = [];
  let fxs: ReturnType<typeof withRelayer>[] = [];
  const schema = uniqueSchema();

  before(async function () {
    if (!(await postgresReachable())) return this.skip();
    chain = await startChain();
    const deployed = await deployOn(chain.url);
    clock = await startClockAt(chain, "12:00:00");
    for (let index = 0; index < 2; index++) {
      const store = await createPostgresStore({ url: testPostgresUrl, schema, dropSchemaOnClose: index === 0 });
      stores.push(store);
      const relayer = await startTestRelayer(
        chain.url,
        {
          DEPLOYMENT_FILE: deployed.deploymentFile,
          SPONSOR_DAILY_OPS_PER_ACCOUNT: String(opCap),
          SPONSOR_DAILY_BUDGET_WEI: budgetWei.toString(),
          SPONSOR_VELOCITY_MAX_OPS: "1000",
          RATE_LIMIT_PER_ACCOUNT: "100000",
        },
        { store, runExecutor: false, now: clock.now },
      );
      relayers.push(relayer);
    }
    fxs = relayers.map((relayer) => withRelayer(chain, deployed, relayer));
  });

  after(async function () {
    for (const relayer of relayers.reverse()) await relayer.close();
    for (const store of stores.reverse()) await store.close();
    await chain?.close();
  });

  const approve = (fx: ReturnType<typeof withRelayer>) => encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [fx.escrow, 1n] });

  async function operation(account: Awaited<ReturnType<ReturnType<typeof withRelayer>["signUp"]>>["account"], nonce: bigint) {
    const fx = fxs[0]!;
    return {
      sender: account.address,
      nonce,
      callData: await account.encodeCalls([{ to: fx.usd, data: approve(fx) }]),
      maxFeePerGas,
      maxPriorityFeePerGas: parseGwei("1"),
      ...gas,
    };
  }

  /** All requests at once, request i to instance i % 2. */
  const askBoth = (ops: readonly Record<string, unknown>[]) =>
    Promise.all(ops.map((op, index) => fxs[index % 2]!.rpc("pm_getPaymasterData", [rpcForm(op), fxs[0]!.entryPoint, "0x7a69", {}])));

  const sponsorshipsOf = async (senders: readonly Address[]) =>
    (await stores[0]!.query<{ count: string }>("SELECT count(*) AS count FROM sponsorships WHERE sender = ANY($1::text[])", [senders.map((s) => s.toLowerCase())]))[0]!
      .count;

  it("one account at its daily cap asks both instances at once: exactly the cap is sponsored", async function () {
    const { account } = await fxs[0]!.signUp(0n);
    const ops = await Promise.all(Array.from({ length: 12 }, (_, nonce) => operation(account, BigInt(nonce))));
    const answers = await askBoth(ops);

    const signed = answers.filter((answer) => answer.result);
    const refused = answers.filter((answer) => answer.error);
    expect(signed.length).to.equal(opCap);
    expect(refused.map((answer) => answer.error!.data.reason)).to.deep.equal(Array(12 - opCap).fill("daily_op_cap"));
    expect(new Set(answers.map((_, index) => index % 2)).size, "both instances answered").to.equal(2);
    expect(Number(await sponsorshipsOf([account.address]))).to.equal(opCap);
  });

  it("a dozen accounts ask both instances at once with room for three in the daily budget: exactly three are sponsored", async function () {
    const accounts = [];
    for (let index = 0; index < 12; index++) accounts.push((await fxs[index % 2]!.signUp(0n)).account);
    const answers = await askBoth(await Promise.all(accounts.map((account) => operation(account, 0n))));

    const signed = answers.filter((answer) => answer.result);
    expect(signed.length).to.equal(3);
    const refusals = answers.filter((answer) => answer.error).map((answer) => answer.error!.data);
    expect(refusals.map((data) => [data.reason, data.limit])).to.deep.equal(Array(9).fill(["daily_budget", budgetWei.toString()]));
    expect(Number(await sponsorshipsOf(accounts.map((account) => account.address)))).to.equal(3);
    const [day] = await stores[1]!.query<{ committed_wei: string }>("SELECT committed_wei FROM sponsorship_budget");
    expect(BigInt(day!.committed_wei)).to.equal(budgetWei);
  });
});
