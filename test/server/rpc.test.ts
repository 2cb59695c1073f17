// The JSON-RPC endpoint end to end, per method, against a real chain and database.
// Acceptance: viem's createBundlerClient and createPaymasterClient, unchanged, drive a passkey
// payment (approve + escrow authorize, first operation deploys the PaykeyAccount) sponsored
// by the relayer, from an account that holds 0 ETH. Then lookups, receipts, and each
// refusal with its ERC-4337 code.
import { expect } from "chai";
import { createPublicClient, custom, erc20Abi, getAddress, parseEventLogs, parseUnits, type Hex } from "viem";
import { hardhat } from "viem/chains";
import { entryPointAbi, paymentEscrowAbi } from "@paykey/sdk/contracts";
import { createFixture, rpcForm, type Fixture } from "./helpers/fixture.ts";
import { localChainId } from "@paykey/sdk/chain";
import { createSimulator } from "../../server/src/executor/simulation.ts";

describe("relayer: JSON-RPC methods", function () {
  let fx: Fixture;

  before(async function () {
    fx = await createFixture();
  });

  after(async function () {
    await fx?.close();
  });

  const balanceOf = (address: Hex) => fx.publicClient.readContract({ address: fx.usd, abi: erc20Abi, functionName: "balanceOf", args: [address] });

  it("eth_chainId and eth_supportedEntryPoints", async function () {
    expect((await fx.rpc("eth_chainId", [])).result).to.equal("0x7a69");
    expect((await fx.rpc("eth_supportedEntryPoints", [])).result).to.deep.equal([fx.entryPoint]);
    expect(await fx.bundlerClient.getSupportedEntryPoints()).to.deep.equal([fx.entryPoint]);
  });

  it("pays with a passkey through viem's bundler and paymaster clients: sponsored, 0 ETH, account deployed", async function () {
    const { account, address } = await fx.signUp(parseUnits("100", 6));
    expect(await fx.publicClient.getCode({ address })).to.equal(undefined);
    const escrowBefore = await balanceOf(fx.escrow);

    const hash = await fx.bundlerClient.sendUserOperation({ account, calls: await fx.paymentCalls(address, parseUnits("12.5", 6)) });
    const receipt = await fx.bundlerClient.waitForUserOperationReceipt({ hash, timeout: 20_000 });

    expect(receipt.success).to.equal(true);
    expect(receipt.sender).to.equal(address);
    expect(receipt.paymaster).to.equal(fx.paymaster);
    expect(await fx.publicClient.getBalance({ address })).to.equal(0n);
    expect(await fx.publicClient.getCode({ address })).to.not.equal(undefined);
    expect(await balanceOf(address)).to.equal(parseUnits("87.5", 6));
    expect((await balanceOf(fx.escrow)) - escrowBefore).to.equal(parseUnits("12.5", 6));

    const [event] = parseEventLogs({ abi: entryPointAbi, logs: receipt.receipt.logs, eventName: "UserOperationEvent" }).filter(
      (log) => log.args.userOpHash === hash,
    );
    expect(event!.args.success).to.equal(true);
    expect(receipt.actualGasCost).to.equal(event!.args.actualGasCost);
    const authorized = parseEventLogs({ abi: paymentEscrowAbi, logs: receipt.logs, eventName: "PaymentAuthorized" });
    expect(authorized.map((log) => [log.args.payer, log.args.amount])).to.deep.equal([[address, parseUnits("12.5", 6)]]);

    const [row] = await fx.relayer.store.query<{ status: string; success: boolean; actual_gas_cost: string }>(
      "SELECT status, success, actual_gas_cost FROM user_operations WHERE hash = $1",
      [hash],
    );
    expect(row).to.deep.include({ status: "included", success: true });
    expect(BigInt(row!.actual_gas_cost)).to.equal(receipt.actualGasCost);
    const [sponsorship] = await fx.relayer.store.query<{ status: string; actual_gas_used: string }>(
      "SELECT status, actual_gas_used FROM sponsorships WHERE user_operation_hash = $1",
      [hash],
    );
    expect(sponsorship?.status).to.equal("included");
    expect(BigInt(sponsorship!.actual_gas_used)).to.equal(receipt.actualGasUsed);
  });

  it("eth_getUserOperationByHash and eth_getUserOperationReceipt; null for an unknown hash", async function () {
    const { account, address } = await fx.signUp();
    const hash = await fx.bundlerClient.sendUserOperation({ account, calls: await fx.paymentCalls(address, 7n) });
    const receipt = await fx.bundlerClient.waitForUserOperationReceipt({ hash, timeout: 20_000 });
    const found = await fx.bundlerClient.getUserOperation({ hash });
    expect(found.transactionHash).to.equal(receipt.receipt.transactionHash);
    expect(found.blockNumber).to.equal(receipt.receipt.blockNumber);
    expect(found.userOperation.sender).to.equal(address);
    expect(getAddress(found.entryPoint)).to.equal(fx.entryPoint);
    // The receipt's logs are this operation's own: the token approval and transfer, the escrow receipt.
    expect(receipt.logs.every((log) => log.transactionHash === receipt.receipt.transactionHash)).to.equal(true);
    expect(receipt.logs.some((log) => getAddress(log.address) === fx.escrow)).to.equal(true);
    // The bundle's receipt (serialized once per bundle, spliced into each answer) is the node's, as it gave it.
    const raw = (await fx.rpc("eth_getUserOperationReceipt", [hash])).result as { receipt: unknown; userOpHash: Hex };
    expect(raw.userOpHash).to.equal(hash);
    expect(raw.receipt).to.deep.equal(await fx.publicClient.request({ method: "eth_getTransactionReceipt", params: [receipt.receipt.transactionHash] }));
    expect((await fx.rpc("eth_getUserOperationByHash", [`0x${"ab".repeat(32)}`])).result).to.equal(null);
    expect((await fx.rpc("eth_getUserOperationReceipt", [`0x${"ab".repeat(32)}`])).result).to.equal(null);
  });

  it("eth_estimateUserOperationGas measures limits that the operation then fits", async function () {
    const { account, address } = await fx.signUp();
    const request = await fx.bundlerClient.prepareUserOperation({ account, calls: await fx.paymentCalls(address, 5n) });
    const estimate = await fx.bundlerClient.estimateUserOperationGas({ account, calls: await fx.paymentCalls(address, 5n) });
    expect(estimate.callGasLimit > 50_000n).to.equal(true);
    expect(estimate.preVerificationGas > 21_000n).to.equal(true);
    expect(request.paymasterVerificationGasLimit).to.equal(60_000n);
    const signature = await account.signUserOperation(request);
    const hash = await fx.bundlerClient.sendUserOperation({ ...request, signature });
    const receipt = await fx.bundlerClient.waitForUserOperationReceipt({ hash, timeout: 20_000 });
    expect(receipt.success).to.equal(true);
    const limits = request.callGasLimit + request.verificationGasLimit + request.preVerificationGas + request.paymasterVerificationGasLimit!;
    expect(receipt.actualGasUsed < limits).to.equal(true);
  });

  it("refuses an operation signed by another passkey (-32507, AA24)", async function () {
    const { account, address } = await fx.signUp();
    const other = await fx.signUp();
    const request = await fx.bundlerClient.prepareUserOperation({ account, calls: await fx.paymentCalls(address, 1n) });
    const forged = await other.account.signUserOperation({ ...request, sender: address });
    const response = await fx.rpc("eth_sendUserOperation", [rpcForm({ ...request, signature: forged }), fx.entryPoint]);
    expect(response.error).to.deep.include({ code: -32507, message: "AA24 signature error" });
    expect(response.error!.data).to.deep.include({ reason: "invalid_signature", who: "account" });
  });

  it("refuses an operation whose paymaster data was tampered with (-32507, AA34)", async function () {
    const { account, address } = await fx.signUp();
    const request = await fx.bundlerClient.prepareUserOperation({ account, calls: await fx.paymentCalls(address, 1n) });
    const paymasterData = `${request.paymasterData!.slice(0, -4)}${request.paymasterData!.endsWith("1b") ? "1c" : "1b"}` as Hex;
    const tampered = { ...request, paymasterData };
    const signature = await account.signUserOperation(tampered);
    const response = await fx.rpc("eth_sendUserOperation", [rpcForm({ ...tampered, signature }), fx.entryPoint]);
    expect(response.error?.code).to.equal(-32507);
    expect(response.error?.message).to.equal("AA34 signature error");
  });

  it("refuses an operation whose paymaster signature has expired (-32503)", async function () {
    const { account, address } = await fx.signUp();
    const request = await fx.bundlerClient.prepareUserOperation({ account, calls: await fx.paymentCalls(address, 1n) });
    const signature = await account.signUserOperation(request);
    await fx.chain.networkHelpers.time.increase(3600);
    await new Promise((resolve) => setTimeout(resolve, 150)); // the relayer caches the latest block for 100 ms
    const response = await fx.rpc("eth_sendUserOperation", [rpcForm({ ...request, signature }), fx.entryPoint]);
    expect(response.error?.code).to.equal(-32503);
    expect(response.error?.data).to.deep.include({ reason: "out_of_time_range", who: "paymaster" });
  });

  it("refuses to estimate a payment whose execution reverts (-32521), with the escrow's decoded error", async function () {
    const { account, address } = await fx.signUp(0n); // no tokens: the escrow cannot pull the payment
    const calls = await fx.paymentCalls(address, 3n);
    const error = await fx.bundlerClient.estimateUserOperationGas({ account, calls }).catch((failure: unknown) => failure);
    const details = JSON.stringify((error as { walk: (fn: (e: unknown) => boolean) => unknown }).walk((e) => (e as { code?: number }).code === -32521));
    expect(details).to.include("-32521");
    const raw = await fx.rpc("pm_getPaymasterStubData", [
      rpcForm({ sender: address, nonce: 0n, ...(await account.getFactoryArgs()), callData: await account.encodeCalls(calls), maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n }),
      fx.entryPoint,
      "0x7a69",
      {},
    ]);
    const op = {
      sender: address,
      nonce: 0n,
      ...(await account.getFactoryArgs()),
      callData: await account.encodeCalls(calls),
      maxFeePerGas: 10n ** 9n,
      maxPriorityFeePerGas: 10n ** 9n,
      signature: await account.getStubSignature(),
      ...raw.result,
    };
    const response = await fx.rpc("eth_estimateUserOperationGas", [rpcForm(op), fx.entryPoint]);
    expect(response.error?.code).to.equal(-32521);
    expect(response.error?.message).to.match(/ERC20InsufficientBalance/);
    expect(response.error?.data.reason).to.equal("execution_reverted");
  });

  it("refuses an operation whose maxFeePerGas is below the base fee (-32602), even sponsored and signed", async function () {
    const { account, address } = await fx.signUp();
    const request = await fx.bundlerClient.prepareUserOperation({
      account,
      calls: await fx.paymentCalls(address, 1n),
      maxFeePerGas: 1n,
      maxPriorityFeePerGas: 1n,
    });
    const signature = await account.signUserOperation(request);
    const response = await fx.rpc("eth_sendUserOperation", [rpcForm({ ...request, signature }), fx.entryPoint]);
    const { baseFeePerGas } = await fx.publicClient.getBlock();
    expect(baseFeePerGas! > 1n).to.equal(true);
    expect(response.error?.code).to.equal(-32602);
    expect(response.error?.data.reason).to.equal("max_fee_too_low");
  });

  it("accepts a deployed account's payment at its estimated gas; refuses one whose execution would revert (-32521)", async function () {
    const { account, address } = await fx.signUp(parseUnits("5", 6));
    const first = await fx.bundlerClient.sendUserOperation({ account, calls: await fx.paymentCalls(address, 1n) });
    await fx.bundlerClient.waitForUserOperationReceipt({ hash: first, timeout: 20_000 });
    // The account exists now: its execution is checked with exactly the estimated callGasLimit.
    const estimated = await fx.bundlerClient.prepareUserOperation({ account, calls: await fx.paymentCalls(address, 2n) });
    const estimate = await fx.bundlerClient.estimateUserOperationGas({ account, calls: await fx.paymentCalls(address, 2n) });
    const second = await fx.bundlerClient.sendUserOperation({ ...estimated, callGasLimit: estimate.callGasLimit, signature: await account.signUserOperation({ ...estimated, callGasLimit: estimate.callGasLimit }) });
    expect((await fx.bundlerClient.waitForUserOperationReceipt({ hash: second, timeout: 20_000 })).success).to.equal(true);
    // More than the account holds: the paymaster refuses to sign it (the escrow's pull reverts).
    const tooMuch = await fx.bundlerClient
      .prepareUserOperation({ account, calls: await fx.paymentCalls(address, parseUnits("6", 6)), callGasLimit: 300_000n, verificationGasLimit: 600_000n, preVerificationGas: 80_000n })
      .catch((failure: unknown) => failure as Error);
    expect(String((tooMuch as Error).message)).to.match(/ERC20InsufficientBalance/);
    // Two payments that each fit now but not both (a second nonce key): both are signed, the
    // first is included, and the second, sent afterwards, is refused by the send's own check.
    const gas = { callGasLimit: 300_000n, verificationGasLimit: 600_000n, preVerificationGas: 80_000n };
    const fits = await fx.bundlerClient.prepareUserOperation({ account, calls: await fx.paymentCalls(address, parseUnits("3", 6)), ...gas });
    const alsoFits = await fx.bundlerClient.prepareUserOperation({
      account,
      calls: await fx.paymentCalls(address, parseUnits("3", 6)),
      nonce: await account.getNonce({ key: 1n }),
      ...gas,
    });
    const included = await fx.bundlerClient.sendUserOperation({ ...fits, signature: await account.signUserOperation(fits) });
    expect((await fx.bundlerClient.waitForUserOperationReceipt({ hash: included, timeout: 20_000 })).success).to.equal(true);
    const response = await fx.rpc("eth_sendUserOperation", [rpcForm({ ...alsoFits, signature: await account.signUserOperation(alsoFits) }), fx.entryPoint]);
    expect(response.error?.code).to.equal(-32521);
    expect(response.error?.message).to.match(/ERC20InsufficientBalance/);
  });

  it("runs an operation's calls once when it is sent on the block its sponsorship checked them, again after a new block", async function () {
    const { account, address } = await fx.signUp(parseUnits("5", 6));
    const first = await fx.bundlerClient.sendUserOperation({ account, calls: await fx.paymentCalls(address, 1n) });
    await fx.bundlerClient.waitForUserOperationReceipt({ hash: first, timeout: 20_000 });
    const prepared = await fx.bundlerClient.prepareUserOperation({ account, calls: await fx.paymentCalls(address, 2n) });
    const op = { ...prepared, signature: await account.signUserOperation(prepared) };
    // A simulator of its own, over a transport that records each eth_call's target.
    const targets: string[] = [];
    const counted = createPublicClient({
      chain: hardhat,
      transport: custom({
        request: ({ method, params }: { method: string; params: unknown[] }) => {
          if (method === "eth_call") targets.push(getAddress((params[0] as { to: Hex }).to));
          return fx.publicClient.request({ method, params } as never);
        },
      }),
    });
    const simulator = createSimulator({ client: counted, entryPoint: fx.entryPoint, blockCacheMs: 0, verificationSurcharge: 0n });
    await fx.publicClient.request({ method: "evm_setAutomine" as never, params: [false] as never });
    try {
      // Same block: validation runs, the calls (an eth_call to the account) do not run again.
      await simulator.checkExecution(op);
      await simulator.validate(op);
      expect(targets).to.deep.equal([address, fx.entryPoint]);
      // A block later, the state may differ: they run again.
      targets.length = 0;
      await simulator.checkExecution(op);
      await fx.publicClient.request({ method: "evm_mine" as never, params: [] as never });
      await simulator.validate(op);
      expect(targets.toSorted()).to.deep.equal([address, address, fx.entryPoint].toSorted());
      // Without reuse (reuseExecutionChecks: false) every validation runs them.
      const strict = createSimulator({ client: counted, entryPoint: fx.entryPoint, blockCacheMs: 0, verificationSurcharge: 0n, reuseExecutionChecks: false });
      targets.length = 0;
      await strict.checkExecution(op);
      await strict.validate(op);
      expect(targets.filter((target) => target === address)).to.have.length(2);
    } finally {
      await fx.publicClient.request({ method: "evm_setAutomine" as never, params: [true] as never });
    }
  });

  it("refuses another EntryPoint or chain with -32602 and a reason", async function () {
    const { address } = await fx.signUp(0n);
    const op = rpcForm({ sender: address, nonce: 0n, callData: "0x", maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, signature: "0x" });
    const wrongEntryPoint = await fx.rpc("eth_estimateUserOperationGas", [op, "0x0000000071727De22E5E9d8BAf0edAc6f37da032"]);
    expect(wrongEntryPoint.error).to.deep.include({ code: -32602 });
    expect(wrongEntryPoint.error!.data).to.deep.include({ reason: "unsupported_entry_point", supported: [fx.entryPoint] });
    const wrongChain = await fx.rpc("pm_getPaymasterStubData", [op, fx.entryPoint, "0x1", {}]);
    expect(wrongChain.error?.data).to.deep.include({ reason: "unsupported_chain", chainId: localChainId });
  });

  it("returns the paymaster fields ERC-7677 asks for", async function () {
    const { account, address } = await fx.signUp();
    const base = {
      sender: address,
      nonce: 0n,
      callData: await account.encodeCalls(await fx.paymentCalls(address, 2n)),
      ...(await account.getFactoryArgs()),
      maxFeePerGas: 10n ** 9n,
      maxPriorityFeePerGas: 10n ** 9n,
    };
    const stub = await fx.rpc("pm_getPaymasterStubData", [rpcForm(base), fx.entryPoint, "0x7a69", null]);
    expect(stub.result).to.deep.include({ paymaster: fx.paymaster, isFinal: false, paymasterPostOpGasLimit: "0x0", paymasterVerificationGasLimit: "0xea60" });
    expect(stub.result.sponsor).to.deep.equal({ name: "Paykey" });
    expect(stub.result.paymasterData).to.match(/^0x[0-9a-f]{154}$/);
    const gas = { callGasLimit: 200_000n, verificationGasLimit: 600_000n, preVerificationGas: 60_000n, paymaster: fx.paymaster, paymasterVerificationGasLimit: 60_000n, paymasterPostOpGasLimit: 0n };
    const data = await fx.rpc("pm_getPaymasterData", [rpcForm({ ...base, ...gas }), fx.entryPoint, "0x7a69", {}]);
    expect(data.result.paymaster).to.equal(fx.paymaster);
    expect(data.result.paymasterData).to.match(/^0x[0-9a-f]{154}$/);
    expect(data.result.paymasterData.slice(0, 14)).to.equal("0x000000000000"); // validAfter 0
  });

  it("serves the non-standard paykey_getUserOperationStatus", async function () {
    const { account, address } = await fx.signUp();
    const hash = await fx.bundlerClient.sendUserOperation({ account, calls: await fx.paymentCalls(address, 4n) });
    await fx.bundlerClient.waitForUserOperationReceipt({ hash, timeout: 20_000 });
    const status = await fx.rpc("paykey_getUserOperationStatus", [hash]);
    expect(status.result).to.deep.include({ userOpHash: hash, status: "included", success: true, reason: null });
  });

  it("paykey_getUserOperationStatus with { from, waitMs } answers when the status leaves `from`, at once otherwise; refuses a wait over 10 s", async function () {
    const { account, address } = await fx.signUp();
    const hash = await fx.bundlerClient.sendUserOperation({ account, calls: await fx.paymentCalls(address, 6n) });
    // Waiting from "received": the answer is the next status (bundled or already included), long before the wait runs out.
    let started = Date.now();
    const next = await fx.rpc("paykey_getUserOperationStatus", [hash, { from: "received", waitMs: 10_000 }]);
    expect((next.result as { status: string }).status).to.be.oneOf(["submitted", "included"]);
    expect(Date.now() - started).to.be.below(8_000);
    const final = await fx.rpc("paykey_getUserOperationStatus", [hash, { from: "submitted", waitMs: 10_000 }]);
    expect(final.result).to.deep.include({ userOpHash: hash, status: "included", success: true });
    expect(final.result).to.not.have.property("receipt");
    // With `receipt: true`, the included answer carries what eth_getUserOperationReceipt answers.
    const withReceipt = await fx.rpc("paykey_getUserOperationStatus", [hash, { from: "submitted", waitMs: 10_000, receipt: true }]);
    const receipt = await fx.rpc("eth_getUserOperationReceipt", [hash]);
    expect((withReceipt.result as { receipt: { success: boolean } }).receipt.success).to.equal(true);
    expect((withReceipt.result as { receipt: unknown }).receipt).to.deep.equal(receipt.result);
    // Already past `from`, or unknown: no wait.
    started = Date.now();
    expect((await fx.rpc("paykey_getUserOperationStatus", [hash, { from: "received", waitMs: 10_000 }])).result).to.deep.include({ status: "included" });
    expect((await fx.rpc("paykey_getUserOperationStatus", [`0x${"cd".repeat(32)}`, { from: "received", waitMs: 10_000 }])).result).to.equal(null);
    expect(Date.now() - started).to.be.below(2_000);
    const tooLong = await fx.rpc("paykey_getUserOperationStatus", [hash, { from: "received", waitMs: 10_001 }]);
    expect(tooLong.error).to.deep.include({ code: -32602 });
    const unknownStatus = await fx.rpc("paykey_getUserOperationStatus", [hash, { from: "included", waitMs: 100 }]);
    expect(unknownStatus.error).to.deep.include({ code: -32602 });
  });
});
