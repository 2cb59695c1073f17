// The sponsorship policy through pm_getPaymasterStubData / pm_getPaymasterData: each rule
// and cap refuses with its reason and values; what is sponsored is what the rules allow;
// a gas-price spike refuses new sponsorships but does not stall operations accepted before.
//
// Every suite runs twice on a clock the test sets and moves, the chain's time moved along
// (helpers/clock.ts): starting 30 s before and 30 s after 00:00 UTC, where the daily caps
// start again. Nothing here reads the wall clock.
import { expect } from "chai";
import { encodeAbiParameters, encodeFunctionData, erc20Abi, getAddress, parseAbi, parseGwei, zeroHash, type Address, type Hex } from "viem";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import { createClockedFixture, rpcForm } from "./helpers/fixture.ts";

type Fixture = Awaited<ReturnType<typeof createClockedFixture>>;

for (const start of ["23:59:30", "00:00:30"]) {
  describe(`relayer: sponsorship policy (clock from ${start} UTC)`, function () {
    let fx: Fixture;
    let nonceCounter = 0n;

    before(async function () {
      fx = await createClockedFixture(
        start,
        {
          SPONSOR_DAILY_OPS_PER_ACCOUNT: "4",
          SPONSOR_DAILY_GAS_PER_ACCOUNT: "2000000",
          SPONSOR_VELOCITY_MAX_OPS: "3",
          SPONSOR_VELOCITY_WINDOW_SECONDS: "60",
          SPONSOR_REVIEW_AMOUNT: "1000000000",
          SPONSOR_MAX_GAS_PRICE_WEI: parseGwei("50").toString(),
          SPONSOR_BLOCKLIST: "0x00000000000000000000000000000000000bad01",
          RATE_LIMIT_PER_ACCOUNT: "1000",
        },
        { runExecutor: false },
      );
    });

    after(async function () {
      await fx?.close();
    });

    const approveData = (spender: Address, amount = 1n) => encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [spender, amount] });

    function authorizeData(amount: bigint, payer: Address): Hex {
      const terms = {
        merchantId: 1n,
        payer,
        token: fx.usd,
        amount,
        feeBps: 0,
        authorizationExpiry: 2_000_000_000,
        refundDeadline: 2_000_000_000,
        orderRef: zeroHash,
        lineItemsHash: zeroHash,
        salt: 1n,
      };
      const discount = {
        points: 0n,
        coupon: { merchantId: 0n, couponId: zeroHash, discountBps: 0, discountAmount: 0n, maxUses: 0, expiry: 0, payer: "0x0000000000000000000000000000000000000000" as Address },
        couponSignature: "0x" as Hex,
      };
      return encodeFunctionData({ abi: iPaymentEscrowAbi, functionName: "authorize", args: [terms, discount] });
    }

    /** A sponsorship request for `calls` from a payer who signed up (a PaykeyAccount). */
    async function request(calls: { to: Address; value?: bigint; data: Hex }[], overrides: Record<string, unknown> = {}) {
      const account = (overrides.account as Awaited<ReturnType<Fixture["signUp"]>>["account"]) ?? (await fx.signUp(0n)).account;
      nonceCounter += 1n;
      const op = {
        sender: account.address,
        nonce: nonceCounter,
        callData: await account.encodeCalls(calls.map((call) => ({ to: call.to, value: call.value ?? 0n, data: call.data }))),
        maxFeePerGas: parseGwei("2"),
        maxPriorityFeePerGas: parseGwei("1"),
        callGasLimit: 100_000n,
        verificationGasLimit: 300_000n,
        preVerificationGas: 60_000n,
        paymasterVerificationGasLimit: 60_000n,
        paymasterPostOpGasLimit: 0n,
        ...overrides,
      };
      delete (op as Record<string, unknown>).account;
      return { account, op };
    }

    const stub = (op: Record<string, unknown>) => fx.rpc("pm_getPaymasterStubData", [rpcForm(op), fx.entryPoint, "0x7a69", {}]);
    const sign = (op: Record<string, unknown>) => fx.rpc("pm_getPaymasterData", [rpcForm(op), fx.entryPoint, "0x7a69", {}]);

    it("sponsors an approval to the escrow, an escrow payment, and a batch of them", async function () {
      const { account, op } = await request([{ to: fx.usd, data: approveData(fx.escrow) }]);
      expect((await stub(op)).result?.paymaster).to.equal(fx.paymaster);
      const batch = await request(
        [
          { to: fx.usd, data: approveData(fx.escrow, 5_000_000n) },
          { to: fx.escrow, data: authorizeData(5_000_000n, account.address) },
        ],
        { account },
      );
      const signed = await sign(batch.op);
      expect(signed.error).to.equal(undefined);
      expect(signed.result.paymasterData).to.match(/^0x[0-9a-f]{154}$/);
    });

    it("refuses a target outside the allowlist, and a batch with one such call", async function () {
      const stranger = "0x000000000000000000000000000000000000c0de" as Address;
      const direct = await stub((await request([{ to: stranger, data: "0x12345678" }])).op);
      expect(direct.error).to.deep.include({ code: -32501 });
      expect(direct.error!.data).to.deep.equal({ reason: "target_not_allowed", target: getAddress(stranger), selector: "0x12345678" });

      const transfer = encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [stranger, 1n] });
      const batch = await stub(
        (await request([{ to: fx.usd, data: approveData(fx.escrow) }, { to: fx.usd, data: transfer }])).op,
      );
      expect(batch.error!.data).to.deep.include({ reason: "target_not_allowed", selector: "0xa9059cbb" });
    });

    it("refuses an approval to anyone but the escrow, and native value", async function () {
      const spender = await stub((await request([{ to: fx.usd, data: approveData("0x000000000000000000000000000000000000beef") }])).op);
      expect(spender.error!.data).to.deep.include({ reason: "spender_not_allowed", spender: "0x000000000000000000000000000000000000bEEF" });
      const value = await stub((await request([{ to: fx.usd, value: 1n, data: approveData(fx.escrow) }])).op);
      expect(value.error!.data).to.deep.include({ reason: "value_not_allowed", value: "1" });
    });

    it("refuses an ERC-7821 execution mode other than single batch", async function () {
      const { op } = await request([{ to: fx.usd, data: approveData(fx.escrow) }]);
      const executionData = encodeAbiParameters(
        [{ type: "tuple[]", components: [{ type: "address" }, { type: "uint256" }, { type: "bytes" }] }],
        [[[fx.usd, 0n, approveData(fx.escrow)]]],
      );
      const callData = encodeFunctionData({
        abi: parseAbi(["function execute(bytes32 mode, bytes executionData)"]),
        functionName: "execute",
        args: ["0x0101000000000000000000000000000000000000000000000000000000000000", executionData],
      });
      const response = await stub({ ...op, callData });
      expect(response.error!.data).to.deep.include({ reason: "call_format_not_allowed" });
      const batchMode = await stub({
        ...op,
        callData: encodeFunctionData({
          abi: parseAbi(["function execute(bytes32 mode, bytes executionData)"]),
          functionName: "execute",
          args: ["0x0100000000000000000000000000000000000000000000000000000000000000", executionData],
        }),
      });
      expect(batchMode.error).to.equal(undefined);
    });

    it("refuses an account that did not sign up, and a foreign factory", async function () {
      const { op } = await request([{ to: fx.usd, data: approveData(fx.escrow) }]);
      const unregistered = await stub({ ...op, sender: "0x00000000000000000000000000000000000a11ce" });
      expect(unregistered.error!.data).to.deep.include({ reason: "account_not_registered" });
      const factory = await stub({ ...op, factory: fx.usd, factoryData: "0x1234" });
      expect(factory.error!.data).to.deep.include({ reason: "factory_not_allowed", factory: fx.usd });
    });

    it("screens addresses against the configured blocklist and the blocked_addresses table", async function () {
      const configured = await stub(
        (await request([{ to: fx.usd, data: approveData(fx.escrow) }, { to: fx.escrow, data: authorizeData(1n, "0x00000000000000000000000000000000000bad01") }])).op,
      );
      expect(configured.error).to.deep.include({ code: -32501 });
      expect(configured.error!.data).to.deep.equal({ reason: "address_blocked", address: "0x00000000000000000000000000000000000bad01" });

      const { account, op } = await request([{ to: fx.usd, data: approveData(fx.escrow) }]);
      await fx.relayer.store.query("INSERT INTO blocked_addresses (address, reason) VALUES ($1, 'sanctions list')", [account.address.toLowerCase()]);
      const listed = await stub(op);
      expect(listed.error!.data).to.deep.equal({ reason: "address_blocked", address: account.address.toLowerCase() });
    });

    it("flags a large payment for review and records the flag", async function () {
      const { account, op } = await request([{ to: fx.escrow, data: authorizeData(1_000_000_000n, "0x0000000000000000000000000000000000000001") }]);
      const response = await sign(op);
      expect(response.error).to.deep.include({ code: -32504 });
      expect(response.error!.data).to.deep.equal({ reason: "review_required", rule: "large_amount", amount: "1000000000", limit: "1000000000" });
      const flags = await fx.relayer.store.query<{ rule: string; details: { amount: string } }>("SELECT rule, details FROM sponsorship_flags WHERE sender = $1", [
        account.address.toLowerCase(),
      ]);
      expect(flags).to.deep.equal([{ rule: "large_amount", details: { amount: "1000000000", limit: "1000000000" } }]);
    });

    it("flags velocity: more sponsorships in the window than allowed", async function () {
      const { account } = await request([]);
      for (let i = 0; i < 3; i++) {
        const { op } = await request([{ to: fx.usd, data: approveData(fx.escrow) }], { account });
        expect((await sign(op)).error).to.equal(undefined);
      }
      const { op } = await request([{ to: fx.usd, data: approveData(fx.escrow) }], { account });
      const response = await sign(op);
      expect(response.error!.data).to.deep.equal({ reason: "review_required", rule: "velocity", limit: 3, windowSeconds: 60, used: 3 });
      const [flag] = await fx.relayer.store.query<{ rule: string }>("SELECT rule FROM sponsorship_flags WHERE sender = $1", [account.address.toLowerCase()]);
      expect(flag?.rule).to.equal("velocity");
    });

    it("caps sponsored operations per account per day; signing the same nonce again counts once", async function () {
      const { account } = await request([]);
      const call = [{ to: fx.usd, data: approveData(fx.escrow) }];
      for (let i = 0; i < 4; i++) {
        await fx.clock.advance(61_000); // outside the velocity window each time
        const { op } = await request(call, { account, callGasLimit: 50_000n });
        expect((await sign(op)).error, `operation ${i}`).to.equal(undefined);
        if (i === 3) expect((await sign(op)).error, "the same nonce again").to.equal(undefined);
      }
      await fx.clock.advance(61_000);
      const { op } = await request(call, { account, callGasLimit: 50_000n });
      const response = await sign(op);
      expect(response.error).to.deep.include({ code: -32504 });
      expect(response.error!.data).to.deep.equal({ reason: "daily_op_cap", limit: 4, used: 4 });
      expect((await stub(op)).error!.data.reason).to.equal("daily_op_cap");
    });

    it("caps sponsored gas per account per day, counting an unused sponsorship only until it expires", async function () {
      const { account } = await request([]);
      const call = [{ to: fx.usd, data: approveData(fx.escrow) }];
      const first = await request(call, { account, callGasLimit: 1_000_000n });
      expect((await sign(first.op)).error).to.equal(undefined);
      const second = await request(call, { account, callGasLimit: 1_000_000n });
      const refused = await sign(second.op);
      expect(refused.error!.data).to.deep.equal({ reason: "daily_gas_cap", limit: "2000000", used: "1420000", requested: "1420000" });

      await fx.clock.advance(300_000); // half the 600 s validity: the first signature can still be used
      expect((await sign(second.op)).error!.data).to.deep.include({ reason: "daily_gas_cap", used: "1420000" });

      await fx.clock.advance(3_600_000); // the first sponsorship's paymaster signature has expired unused
      expect((await sign(second.op)).error).to.equal(undefined);
    });

    it("counts a sponsorship on the UTC day it was signed: the caps start again at 00:00 UTC", async function () {
      await fx.clock.advanceTo("23:59:50");
      const { account } = await request([]);
      const call = [{ to: fx.usd, data: approveData(fx.escrow) }];
      const first = await request(call, { account, callGasLimit: 1_000_000n });
      expect((await sign(first.op)).error).to.equal(undefined);
      const second = await request(call, { account, callGasLimit: 1_000_000n });
      expect((await sign(second.op)).error!.data).to.deep.include({ reason: "daily_gas_cap", used: "1420000" });

      await fx.clock.advance(20_000); // 00:00:10: the first signature is still valid, but it was yesterday's
      expect((await sign(second.op)).error).to.equal(undefined);
    });

    it("judges an unused sponsorship's expiry on the clock that set it: the chain's, when it runs ahead of the relayer's", async function () {
      const { account } = await request([]);
      const call = [{ to: fx.usd, data: approveData(fx.escrow) }];
      const { time } = fx.chain.networkHelpers;
      await time.increase(3_600); // the chain an hour ahead of the relayer's clock
      await new Promise((resolve) => setTimeout(resolve, 150)); // the relayer caches the latest block for 100 ms
      const chainTime = Number(await time.latest());
      const first = await request(call, { account, callGasLimit: 1_000_000n });
      const signed = await sign(first.op);
      expect(signed.error).to.equal(undefined);
      const [row] = await fx.relayer.store.query<{ valid_until: Date }>("SELECT valid_until FROM sponsorships WHERE sender = $1", [account.address.toLowerCase()]);
      expect(row!.valid_until.getTime() / 1000).to.be.within(chainTime + 600, chainTime + 660); // validity set on the chain's clock
      const second = await request(call, { account, callGasLimit: 1_000_000n });
      expect((await sign(second.op)).error!.data).to.deep.include({ reason: "daily_gas_cap", used: "1420000" });

      // The chain's time passes validUntil (the EntryPoint refuses the signature from now on); the relayer's clock stays.
      await time.increaseTo(Math.ceil(row!.valid_until.getTime() / 1000) + 1);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(fx.clock.now().getTime() / 1000).to.be.below(row!.valid_until.getTime() / 1000);
      expect((await sign(second.op)).error).to.equal(undefined);
    });

    it("refuses new sponsorships above the gas-price ceiling, without stalling accepted operations", async function () {
      const { account, address } = await fx.signUp();
      const accepted = await fx.bundlerClient.sendUserOperation({ account, calls: await fx.paymentCalls(address, 9n) });
      const tooExpensive = await stub((await request([{ to: fx.usd, data: approveData(fx.escrow) }], { maxFeePerGas: parseGwei("60") })).op);
      expect(tooExpensive.error!.data).to.deep.include({ reason: "gas_price_ceiling", limit: parseGwei("50").toString() });

      await fx.chain.provider.request({ method: "hardhat_setNextBlockBaseFeePerGas", params: [`0x${parseGwei("100").toString(16)}`] });
      await fx.chain.provider.request({ method: "evm_mine", params: [] });
      await new Promise((resolve) => setTimeout(resolve, 150)); // the relayer caches the latest block for 100 ms
      const spike = await stub((await request([{ to: fx.usd, data: approveData(fx.escrow) }])).op);
      expect(spike.error!.data).to.deep.include({ reason: "gas_price_ceiling", baseFeePerGas: parseGwei("100").toString() });

      // The operation accepted before the spike still goes through, at the new price.
      await fx.relayer.context.executor.runOnce();
      await fx.relayer.context.executor.runOnce();
      const receipt = await fx.bundlerClient.waitForUserOperationReceipt({ hash: accepted, timeout: 10_000 });
      expect(receipt.success).to.equal(true);
      expect(receipt.receipt.effectiveGasPrice > parseGwei("50")).to.equal(true);
    });
  });

  describe(`relayer: global sponsorship budget (clock from ${start} UTC)`, function () {
    let fx: Fixture;

    before(async function () {
      fx = await createClockedFixture(start, { SPONSOR_DAILY_BUDGET_WEI: (parseGwei("2") * 1_000_000n).toString() }, { runExecutor: false });
    });

    after(async function () {
      await fx?.close();
    });

    it("refuses once the day's budget in wei would be exceeded, across accounts", async function () {
      const data = encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [fx.escrow, 1n] });
      const op = async (gas: bigint) => {
        const { account } = await fx.signUp(0n);
        return {
          sender: account.address,
          nonce: 0n,
          callData: await account.encodeCalls([{ to: fx.usd, data }]),
          maxFeePerGas: parseGwei("2"),
          maxPriorityFeePerGas: parseGwei("1"),
          callGasLimit: gas,
          verificationGasLimit: 200_000n,
          preVerificationGas: 50_000n,
          paymaster: fx.paymaster,
          paymasterVerificationGasLimit: 50_000n,
          paymasterPostOpGasLimit: 0n,
        };
      };
      const sign = async (gas: bigint) => fx.rpc("pm_getPaymasterData", [rpcForm(await op(gas)), fx.entryPoint, "0x7a69", {}]);
      expect((await sign(300_000n)).error).to.equal(undefined); // 600k gas × 2 gwei
      const refused = await sign(300_000n);
      expect(refused.error).to.deep.include({ code: -32504 });
      expect(refused.error!.data).to.deep.equal({
        reason: "daily_budget",
        limit: (parseGwei("2") * 1_000_000n).toString(),
        used: (parseGwei("2") * 600_000n).toString(),
        requested: (parseGwei("2") * 600_000n).toString(),
      });
      expect((await sign(100_000n)).error).to.equal(undefined); // 400k gas fits in what is left
    });
  });
}
