// Money paths with a signed-in stranger, end to end through the relayer with real passkeys:
// a payer capturing, voiding or refunding another merchant's payment; a merchant moving a
// payer's funds; a call that passes simulation but reverts in execution; many fresh accounts
// taking sponsored gas. Each is refused before the paymaster signs, with its reason, or
// bounded by a cap the test shows — and the paymaster's EntryPoint deposit and the executors'
// ETH move by exactly what the included operations cost, nothing more.
import { expect } from "chai";
import { encodeFunctionData, erc20Abi, parseEther, parseGwei, parseUnits, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { entryPointAbi, iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import { toPackedUserOperation } from "viem/account-abstraction";
import { buildPaymentCalls, type PaymentTerms, type WalletCall } from "@paykey/sdk/wallet";
import { createFixture, rpcForm, type Fixture } from "./helpers/fixture.ts";

type User = Awaited<ReturnType<Fixture["signUp"]>>;
type Refusal = { code: number; message: string; data: { reason: string; [key: string]: unknown } } | undefined;

/** Gas limits and fees pinned, so that each sponsorship's maximum cost is known. */
const gas = { callGasLimit: 300_000n, verificationGasLimit: 1_000_000n, preVerificationGas: 100_000n };
const fees = { maxFeePerGas: parseGwei("3"), maxPriorityFeePerGas: parseGwei("1") };

function moneyWatch(fx: Fixture) {
  const executors = fx.relayer.context.config.keys.executors.map((key) => privateKeyToAccount(key).address);
  const read = async () => ({
    deposit: await fx.publicClient.readContract({ address: fx.entryPoint, abi: entryPointAbi, functionName: "balanceOf", args: [fx.paymaster] }),
    executors: (await Promise.all(executors.map((address) => fx.publicClient.getBalance({ address })))).reduce((sum, balance) => sum + balance, 0n),
  });
  return { read };
}

/** The user operation `user` would send for `calls` (stub signature), in its JSON-RPC form. */
async function draft(fx: Fixture, user: User, calls: readonly WalletCall[], overrides: Record<string, unknown> = {}) {
  const deployed = Boolean(await fx.publicClient.getCode({ address: user.address }));
  return {
    sender: user.address,
    nonce: await user.account.getNonce(),
    ...(deployed ? {} : await user.account.getFactoryArgs()),
    callData: await user.account.encodeCalls([...calls]),
    ...gas,
    ...fees,
    paymaster: fx.paymaster,
    paymasterVerificationGasLimit: 60_000n,
    paymasterPostOpGasLimit: 0n,
    signature: await user.account.getStubSignature(),
    ...overrides,
  };
}

/** Every way a client could ask for sponsorship of `op`: stub data, gas estimation, and paymaster data (skipping estimation). */
async function askToSponsor(fx: Fixture, op: Record<string, unknown>) {
  const form = rpcForm(op);
  const [stub, estimate, sign] = await Promise.all([
    fx.rpc("pm_getPaymasterStubData", [form, fx.entryPoint, "0x7a69", {}]),
    fx.rpc("eth_estimateUserOperationGas", [form, fx.entryPoint]),
    fx.rpc("pm_getPaymasterData", [form, fx.entryPoint, "0x7a69", {}]),
  ]);
  return { stub: stub.error as Refusal, estimate: estimate.error as Refusal, sign: sign.error as Refusal };
}

const sponsorshipsOf = async (fx: Fixture, sender: Address) =>
  Number((await fx.relayer.store.query<{ count: string }>("SELECT count(*) AS count FROM sponsorships WHERE sender = $1", [sender.toLowerCase()]))[0]!.count);

const escrowCall = (fx: Fixture, functionName: "capture" | "void" | "refund", terms: PaymentTerms, amount?: bigint): WalletCall[] => {
  const call = (data: Hex): WalletCall => ({ to: fx.escrow, data });
  if (functionName === "void") return [call(encodeFunctionData({ abi: iPaymentEscrowAbi, functionName, args: [terms] }))];
  if (functionName === "capture") return [call(encodeFunctionData({ abi: iPaymentEscrowAbi, functionName, args: [terms, amount!] }))];
  return [
    { to: terms.token, data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [fx.escrow, amount!] }) },
    call(encodeFunctionData({ abi: iPaymentEscrowAbi, functionName: "refund", args: [terms, amount!] })),
  ];
};

/** Sends `calls` from `user` through the relayer (sponsored) and waits for the receipt. */
async function pay(fx: Fixture, user: User, calls: readonly WalletCall[]) {
  const hash = await fx.bundlerClient.sendUserOperation({ account: user.account, calls: [...calls], ...gas, ...fees });
  return fx.bundlerClient.waitForUserOperationReceipt({ hash, timeout: 30_000 });
}

/** Terms of a payment of `amount` from `payer` to `merchantId`, as the web app builds them. */
async function termsFor(fx: Fixture, payer: Address, merchantId: bigint, amount: bigint, salt: bigint): Promise<PaymentTerms> {
  const { timestamp } = await fx.publicClient.getBlock();
  return {
    merchantId,
    payer,
    token: fx.usd,
    amount,
    feeBps: fx.deployment.defaultFeeBps,
    authorizationExpiry: Number(timestamp) + 86_400,
    refundDeadline: Number(timestamp) + 30 * 86_400,
    orderRef: `0x${salt.toString(16).padStart(64, "0")}`,
    lineItemsHash: `0x${(salt + 1n).toString(16).padStart(64, "0")}`,
    salt,
  };
}

describe("relayer: money paths with a signed-in stranger", function () {
  this.timeout(300_000);
  let fx: Fixture;
  let payer: User;
  let merchant: User;
  let merchantId: bigint;
  let paid: PaymentTerms;

  before(async function () {
    fx = await createFixture({ RATE_LIMIT_PER_ACCOUNT: "1000" });
    // A merchant with a passkey account, registered on-chain by its own sponsored operation.
    merchant = await fx.signUp(0n);
    await pay(fx, merchant, [{ to: fx.escrow, data: encodeFunctionData({ abi: iPaymentEscrowAbi, functionName: "registerMerchant", args: [merchant.address, fx.usd, merchant.address, 0] }) }]);
    merchantId = await fx.publicClient.readContract({ address: fx.escrow, abi: iPaymentEscrowAbi, functionName: "merchantCount" });
    // A payer who authorized 5 tUSDC to that merchant.
    payer = await fx.signUp(parseUnits("20", 6));
    paid = await termsFor(fx, payer.address, merchantId, parseUnits("5", 6), 1n);
    expect((await pay(fx, payer, buildPaymentCalls({ escrowAddress: fx.escrow, terms: paid, operation: "authorize" }))).success).to.equal(true);
  });

  after(async function () {
    await fx?.close();
  });

  it("refuses a payer's capture, void or refund of another merchant's payment before anything is signed (NotMerchantOperator)", async function () {
    const stranger = await fx.signUp(parseUnits("10", 6));
    const money = moneyWatch(fx);
    const before = await money.read();
    for (const [name, calls] of [
      ["capture", escrowCall(fx, "capture", paid, parseUnits("5", 6))],
      ["void", escrowCall(fx, "void", paid)],
      ["refund", escrowCall(fx, "refund", paid, parseUnits("1", 6))],
    ] as const) {
      const { stub, estimate, sign } = await askToSponsor(fx, await draft(fx, stranger, calls));
      expect(stub, `${name}: the stub only checks the rules`).to.equal(undefined);
      for (const refusal of [estimate, sign]) {
        expect(refusal, name).to.deep.include({ code: -32521 });
        expect(refusal!.data, name).to.deep.include({ reason: "execution_reverted" });
        expect(refusal!.data.error, name).to.equal("NotMerchantOperator");
        expect(refusal!.message, name).to.equal(`execution reverted: NotMerchantOperator(${merchantId}, ${stranger.address})`);
      }
      await fx.bundlerClient.sendUserOperation({ account: stranger.account, calls: [...calls] }).then(
        () => expect.fail(`${name} was sent`),
        (error: Error) => expect(error.message, name).to.match(/execution reverted/),
      );
    }
    expect(await sponsorshipsOf(fx, stranger.address), "nothing signed for the stranger").to.equal(0);
    expect(await money.read()).to.deep.equal(before);
    const paymentId = await fx.publicClient.readContract({ address: fx.escrow, abi: iPaymentEscrowAbi, functionName: "getPaymentId", args: [paid] });
    const state = await fx.publicClient.readContract({ address: fx.escrow, abi: iPaymentEscrowAbi, functionName: "paymentState", args: [paymentId] });
    expect(state, "still all capturable, nothing captured").to.deep.equal([true, parseUnits("5", 6), 0n]);
  });

  it("refuses a merchant moving a payer's funds: a pull, a charge in the payer's name, a capture beyond the authorization; a forged signature moves nothing", async function () {
    const money = moneyWatch(fx);
    const before = await money.read();
    const payerBalance = await fx.publicClient.readContract({ address: fx.usd, abi: erc20Abi, functionName: "balanceOf", args: [payer.address] });

    const pull = await askToSponsor(fx, await draft(fx, merchant, [{ to: fx.usd, data: encodeFunctionData({ abi: erc20Abi, functionName: "transferFrom", args: [payer.address, merchant.address, 1n] }) }]));
    expect(pull.stub!.data).to.deep.include({ reason: "target_not_allowed" });
    expect(pull.sign!.data).to.deep.include({ reason: "target_not_allowed" });

    const inPayersName = await termsFor(fx, payer.address, merchantId, parseUnits("1", 6), 2n);
    const charge = await askToSponsor(fx, await draft(fx, merchant, buildPaymentCalls({ escrowAddress: fx.escrow, terms: inPayersName, operation: "charge" })));
    expect(charge.sign).to.deep.include({ code: -32521 });
    expect(charge.sign!.data).to.deep.include({ reason: "execution_reverted", error: "NotPayer" });

    const beyond = await askToSponsor(fx, await draft(fx, merchant, escrowCall(fx, "capture", paid, parseUnits("6", 6))));
    expect(beyond.sign!.data).to.deep.include({ reason: "execution_reverted", error: "InsufficientCapturable" });
    expect(await sponsorshipsOf(fx, merchant.address), "only the merchant's own registration").to.equal(1);

    // The payer's own account, signed with the merchant's passkey: the paymaster signs (it cannot
    // see the account's signature yet), the relayer refuses to send it, and sent to the EntryPoint
    // directly it fails validation: no gas is charged to the paymaster and no token moves.
    const theft = await termsFor(fx, payer.address, merchantId, parseUnits("10", 6), 3n);
    const op = await draft(fx, payer, buildPaymentCalls({ escrowAddress: fx.escrow, terms: theft, operation: "charge" }));
    const sponsored = await fx.rpc("pm_getPaymasterData", [rpcForm(op), fx.entryPoint, "0x7a69", {}]);
    expect(sponsored.error).to.equal(undefined);
    const withPaymaster = { ...op, paymasterData: sponsored.result.paymasterData as Hex };
    const forged = { ...withPaymaster, signature: await merchant.account.signUserOperation(withPaymaster as never) };
    const sent = await fx.rpc("eth_sendUserOperation", [rpcForm(forged), fx.entryPoint]);
    expect(sent.error).to.deep.include({ code: -32507 });
    expect(sent.error!.data).to.deep.include({ reason: "invalid_signature", who: "account" });

    const outsider = privateKeyToAccount(generatePrivateKey());
    await fx.chain.networkHelpers.setBalance(outsider.address, parseEther("1"));
    const direct = await fx.publicClient
      .simulateContract({ account: outsider, address: fx.entryPoint, abi: entryPointAbi, functionName: "handleOps", args: [[toPackedUserOperation(forged as never)], outsider.address] })
      .then(() => "accepted", (error: Error) => error.message);
    expect(direct).to.match(/AA24 signature error/);

    expect(await fx.publicClient.readContract({ address: fx.usd, abi: erc20Abi, functionName: "balanceOf", args: [payer.address] })).to.equal(payerBalance);
    expect(await money.read()).to.deep.equal(before);
  });
});

/**
 * Runs the executor until each operation has a receipt (for fixtures started with runExecutor:
 * false). Rounds are spaced: an executor asks the outbox for new work at most once a second.
 */
async function includeAll(fx: Fixture, hashes: readonly Hex[]) {
  for (let round = 0; round < 60; round++) {
    await fx.relayer.context.executor.runOnce();
    const receipts = await Promise.all(hashes.map((hash) => fx.bundlerClient.getUserOperationReceipt({ hash }).catch(() => null)));
    if (receipts.every(Boolean)) return receipts.map((receipt) => receipt!);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the operations were not included");
}

/** What the executors pay for the bundles that carried `receipts` (gas used × price of each transaction). */
async function bundleFees(fx: Fixture, receipts: readonly { receipt: { transactionHash: Hex } }[]) {
  const hashes = [...new Set(receipts.map((receipt) => receipt.receipt.transactionHash))];
  const transactions = await Promise.all(hashes.map((hash) => fx.publicClient.getTransactionReceipt({ hash })));
  return transactions.reduce((sum, transaction) => sum + transaction.gasUsed * transaction.effectiveGasPrice, 0n);
}

describe("relayer: sponsored gas that cannot be refused before signing is capped", function () {
  this.timeout(300_000);

  it("a call that passes simulation but reverts in execution costs the paymaster its actual gas, at most its maximum, and counts against the account's cap", async function () {
    const fx = await createFixture({ SPONSOR_DAILY_OPS_PER_ACCOUNT: "3", RATE_LIMIT_PER_ACCOUNT: "1000" }, { runExecutor: false });
    try {
      const account = await fx.signUp(parseUnits("5", 6));
      const approve = (amount: bigint): WalletCall => ({ to: fx.usd, data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [fx.escrow, amount] }) });
      const [deployed] = await includeAll(fx, [await fx.bundlerClient.sendUserOperation({ account: account.account, calls: [approve(0n)], ...gas, ...fees })]);
      expect(deployed!.success).to.equal(true);

      // Two payments of 4 of the account's 5 tUSDC on two nonce keys: each passes every check
      // against the chain as it is, both are signed and accepted; in the bundle the second reverts.
      const money = moneyWatch(fx);
      const before = await money.read();
      const payment = async (salt: bigint, key: bigint) =>
        fx.bundlerClient.sendUserOperation({
          account: account.account,
          calls: buildPaymentCalls({ escrowAddress: fx.escrow, terms: await termsFor(fx, account.address, fx.merchantId, parseUnits("4", 6), salt), operation: "authorize" }),
          nonce: await account.account.getNonce({ key }),
          ...gas,
          ...fees,
        });
      const hashes = [await payment(10n, 0n), await payment(11n, 1n)];
      const [first, second] = await includeAll(fx, hashes);
      expect(first!.success).to.equal(true);
      expect(second!.success, "the second reverts in execution").to.equal(false);

      const [{ max_cost_wei: maxCost } = { max_cost_wei: "0" }] = await fx.relayer.store.query<{ max_cost_wei: string }>(
        "SELECT max_cost_wei FROM sponsorships WHERE sender = $1 AND nonce = $2",
        [account.address.toLowerCase(), String(await account.account.getNonce({ key: 1n }) - 1n)],
      );
      expect(second!.actualGasCost > 0n, "the paymaster paid for the reverted call").to.equal(true);
      expect(second!.actualGasCost <= BigInt(maxCost), "at most the signed maximum").to.equal(true);
      const after = await money.read();
      expect(before.deposit - after.deposit, "deposit: exactly the two operations").to.equal(first!.actualGasCost + second!.actualGasCost);
      expect(after.executors - before.executors, "executors: paid back what they spent, and the difference").to.equal(
        first!.actualGasCost + second!.actualGasCost - (await bundleFees(fx, [first!, second!])),
      );

      // The reverted operation counts: the account has used its three sponsored operations today.
      const third = await askToSponsor(fx, await draft(fx, account, [approve(1n)]));
      for (const refusal of [third.stub, third.sign]) {
        expect(refusal).to.deep.include({ code: -32504 });
        expect(refusal!.data).to.deep.equal({ reason: "daily_op_cap", limit: 3, used: 3 });
      }
    } finally {
      await fx.close();
    }
  });

  it("many fresh accounts share the global daily budget: once signed maxima reach it, the next is refused before signing", async function () {
    // Room for three first operations at their signed maximum (gas limits × maxFeePerGas).
    const maxCost = (gas.callGasLimit + gas.verificationGasLimit + gas.preVerificationGas + 60_000n) * fees.maxFeePerGas;
    const budget = 3n * maxCost;
    const fx = await createFixture({ SPONSOR_DAILY_BUDGET_WEI: budget.toString() }, { runExecutor: false });
    try {
      const money = moneyWatch(fx);
      const before = await money.read();
      const approve: WalletCall = { to: fx.usd, data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [fx.escrow, 1n] }) };
      const accepted: Hex[] = [];
      const refused: Refusal[] = [];
      for (let i = 0; i < 6; i++) {
        const fresh = await fx.signUp(0n);
        const asked = await askToSponsor(fx, await draft(fx, fresh, [approve]));
        if (asked.sign) {
          refused.push(asked.sign);
          expect(await sponsorshipsOf(fx, fresh.address), "nothing signed for a refused account").to.equal(0);
        } else {
          accepted.push(await fx.bundlerClient.sendUserOperation({ account: fresh.account, calls: [approve], ...gas, ...fees }));
        }
      }
      expect(accepted).to.have.length(3);
      expect(refused).to.have.length(3);
      for (const refusal of refused) {
        expect(refusal).to.deep.include({ code: -32504 });
        expect(refusal!.data).to.deep.equal({ reason: "daily_budget", limit: budget.toString(), used: budget.toString(), requested: maxCost.toString() });
      }

      const receipts = await includeAll(fx, accepted);
      const paid = receipts.reduce((sum, receipt) => sum + receipt.actualGasCost, 0n);
      expect(receipts.every((receipt) => receipt.success)).to.equal(true);
      expect(paid <= budget, "within the day's budget").to.equal(true);
      const after = await money.read();
      expect(before.deposit - after.deposit).to.equal(paid);
      expect(after.executors - before.executors).to.equal(paid - (await bundleFees(fx, receipts)));
    } finally {
      await fx.close();
    }
  });
});
