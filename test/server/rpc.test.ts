// The JSON-RPC endpoint end to end, per method, against a real chain and database:
// viem's bundler and paymaster clients, unchanged, pay with a counterfactual account that
// holds 0 ETH; lookups, receipts; and each refusal with its ERC-4337 code.
import { expect } from "chai";
import { encodeFunctionData, erc20Abi, getAddress, parseEventLogs, type Hex } from "viem";
import { entryPointAbi } from "../../web/src/generated/contracts.ts";
import { createFixture, rpcForm, type Fixture } from "./helpers/fixture.ts";

describe("relayer: JSON-RPC methods", function () {
  let fx: Fixture;

  before(async function () {
    fx = await createFixture();
  });

  after(async function () {
    await fx?.close();
  });

  const approve = (amount: bigint) => ({ to: fx.contracts.token, abi: erc20Abi, functionName: "approve" as const, args: [fx.contracts.escrow, amount] as const });
  /** The same call already encoded, for building operations by hand. */
  const encoded = (call: { to: Hex; abi: typeof erc20Abi; functionName: "approve" | "transfer"; args: readonly [Hex, bigint] }) => ({
    to: call.to,
    data: encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args }),
  });

  it("eth_chainId and eth_supportedEntryPoints", async function () {
    expect((await fx.rpc("eth_chainId", [])).result).to.equal("0x7a69");
    expect((await fx.rpc("eth_supportedEntryPoints", [])).result).to.deep.equal([fx.entryPoint]);
    expect(await fx.bundlerClient.getSupportedEntryPoints()).to.deep.equal([fx.entryPoint]);
  });

  it("sponsors a first payment from an account with 0 ETH through viem's clients, deploying it", async function () {
    const account = await fx.newAccount();
    expect(await fx.publicClient.getBytecode({ address: account.address })).to.equal(undefined);

    const hash = await fx.bundlerClient.sendUserOperation({ account, calls: [approve(1_500_000n)] });
    const receipt = await fx.bundlerClient.waitForUserOperationReceipt({ hash, timeout: 20_000 });

    expect(receipt.success).to.equal(true);
    expect(receipt.sender).to.equal(account.address);
    expect(receipt.paymaster).to.equal(fx.contracts.paymaster);
    expect(await fx.publicClient.getBalance({ address: account.address })).to.equal(0n);
    expect(await fx.publicClient.readContract({ address: fx.contracts.token, abi: erc20Abi, functionName: "allowance", args: [account.address, fx.contracts.escrow] })).to.equal(1_500_000n);
    expect(await fx.publicClient.getBytecode({ address: account.address })).to.not.equal(undefined);

    const events = parseEventLogs({ abi: entryPointAbi, logs: receipt.receipt.logs, eventName: "UserOperationEvent" });
    expect(events.map((event) => event.args.userOpHash)).to.deep.equal([hash]);
    expect(receipt.actualGasCost).to.equal(events[0]!.args.actualGasCost);
    const approval = parseEventLogs({ abi: erc20Abi, logs: receipt.logs, eventName: "Approval" });
    expect(approval).to.have.length(1);

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

  it("eth_getUserOperationByHash returns the operation and where it was included, null when unknown", async function () {
    const account = await fx.newAccount();
    const hash = await fx.bundlerClient.sendUserOperation({ account, calls: [approve(7n)] });
    const receipt = await fx.bundlerClient.waitForUserOperationReceipt({ hash, timeout: 20_000 });
    const found = await fx.bundlerClient.getUserOperation({ hash });
    expect(found.transactionHash).to.equal(receipt.receipt.transactionHash);
    expect(found.blockNumber).to.equal(receipt.receipt.blockNumber);
    expect(found.userOperation.sender).to.equal(account.address);
    expect(getAddress(found.entryPoint)).to.equal(fx.entryPoint);
    const unknown = await fx.rpc("eth_getUserOperationByHash", [`0x${"ab".repeat(32)}`]);
    expect(unknown).to.deep.include({ result: null });
    expect((await fx.rpc("eth_getUserOperationReceipt", [`0x${"ab".repeat(32)}`])).result).to.equal(null);
  });

  it("eth_estimateUserOperationGas measures limits that the operation then fits", async function () {
    const account = await fx.newAccount();
    const request = await fx.bundlerClient.prepareUserOperation({ account, calls: [approve(5n)] });
    expect(request.callGasLimit > 20_000n).to.equal(true);
    expect(request.verificationGasLimit > 100_000n).to.equal(true);
    expect(request.paymasterVerificationGasLimit).to.equal(60_000n);
    const signature = await account.signUserOperation(request);
    const hash = await fx.bundlerClient.sendUserOperation({ ...request, signature });
    const receipt = await fx.bundlerClient.waitForUserOperationReceipt({ hash, timeout: 20_000 });
    expect(receipt.success).to.equal(true);
    const total = request.callGasLimit + request.verificationGasLimit + request.preVerificationGas + request.paymasterVerificationGasLimit!;
    expect(receipt.actualGasUsed < total).to.equal(true);
  });

  it("refuses an operation whose account signature is wrong (-32507, AA24)", async function () {
    const account = await fx.newAccount();
    const request = await fx.bundlerClient.prepareUserOperation({ account, calls: [approve(1n)] });
    const other = await fx.newAccount();
    const signature = await other.signUserOperation(request);
    const response = await fx.rpc("eth_sendUserOperation", [rpcForm({ ...request, signature }), fx.entryPoint]);
    expect(response.error).to.deep.include({ code: -32507, message: "AA24 signature error" });
    expect(response.error!.data).to.deep.include({ reason: "invalid_signature", who: "account" });
  });

  it("refuses an operation whose paymaster data was tampered with (-32507, AA34)", async function () {
    const account = await fx.newAccount();
    const request = await fx.bundlerClient.prepareUserOperation({ account, calls: [approve(1n)] });
    const paymasterData = `${request.paymasterData!.slice(0, -4)}${request.paymasterData!.endsWith("1b") ? "1c" : "1b"}` as Hex;
    const tampered = { ...request, paymasterData };
    const signature = await account.signUserOperation(tampered);
    const response = await fx.rpc("eth_sendUserOperation", [rpcForm({ ...tampered, signature }), fx.entryPoint]);
    expect(response.error?.code).to.equal(-32507);
    expect(response.error?.message).to.equal("AA34 signature error");
  });

  it("refuses an operation whose paymaster signature has expired (-32503)", async function () {
    const account = await fx.newAccount();
    const request = await fx.bundlerClient.prepareUserOperation({ account, calls: [approve(1n)] });
    const signature = await account.signUserOperation(request);
    await fx.chain.networkHelpers.time.increase(3600);
    await new Promise((resolve) => setTimeout(resolve, 150)); // the relayer caches the latest block for 100 ms
    const response = await fx.rpc("eth_sendUserOperation", [rpcForm({ ...request, signature }), fx.entryPoint]);
    expect(response.error?.code).to.equal(-32503);
    expect(response.error?.data).to.deep.include({ reason: "out_of_time_range", who: "paymaster" });
  });

  it("refuses to estimate an operation whose execution reverts (-32521) with the decoded reason", async function () {
    const account = await fx.newAccount();
    const transfer = { to: fx.contracts.token, abi: erc20Abi, functionName: "transfer" as const, args: [fx.contracts.escrow, 1n] as const };
    const stub = await fx.rpc("pm_getPaymasterStubData", [
      rpcForm({ sender: account.address, nonce: 0n, callData: await account.encodeCalls([encoded(approve(1n))]), ...(await account.getFactoryArgs()), maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n }),
      fx.entryPoint,
      "0x7a69",
      {},
    ]);
    const op = {
      sender: account.address,
      nonce: 0n,
      ...(await account.getFactoryArgs()),
      callData: await account.encodeCalls([encoded(transfer)]),
      maxFeePerGas: 10n ** 9n,
      maxPriorityFeePerGas: 10n ** 9n,
      signature: await account.getStubSignature(),
      ...stub.result,
    };
    const response = await fx.rpc("eth_estimateUserOperationGas", [rpcForm(op), fx.entryPoint]);
    expect(response.error?.code, JSON.stringify(response.error)).to.equal(-32521);
    expect(response.error?.message, JSON.stringify(response.error)).to.match(/ERC20InsufficientBalance/);
    expect(response.error?.data.reason).to.equal("execution_reverted");
  });

  it("refuses another EntryPoint or chain with -32602 and a reason", async function () {
    const account = await fx.newAccount();
    const op = rpcForm({ sender: account.address, nonce: 0n, callData: "0x", maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, signature: "0x" });
    const wrongEntryPoint = await fx.rpc("eth_estimateUserOperationGas", [op, "0x0000000071727De22E5E9d8BAf0edAc6f37da032"]);
    expect(wrongEntryPoint.error).to.deep.include({ code: -32602 });
    expect(wrongEntryPoint.error!.data).to.deep.include({ reason: "unsupported_entry_point", supported: [fx.entryPoint] });
    const wrongChain = await fx.rpc("pm_getPaymasterStubData", [op, fx.entryPoint, "0x1", {}]);
    expect(wrongChain.error?.data).to.deep.include({ reason: "unsupported_chain", chainId: 31337 });
  });

  it("returns the paymaster fields ERC-7677 asks for", async function () {
    const account = await fx.newAccount();
    const callData = await account.encodeCalls([encoded(approve(2n))]);
    const base = { sender: account.address, nonce: 0n, callData, ...(await account.getFactoryArgs()), maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n };
    const stub = await fx.rpc("pm_getPaymasterStubData", [rpcForm(base), fx.entryPoint, "0x7a69", null]);
    expect(stub.result).to.deep.include({ paymaster: fx.contracts.paymaster, isFinal: false, paymasterPostOpGasLimit: "0x0" });
    expect(stub.result.paymasterData).to.match(/^0x[0-9a-f]{154}$/);
    const data = await fx.rpc("pm_getPaymasterData", [rpcForm({ ...base, ...gasOf(stub.result) }), fx.entryPoint, "0x7a69", {}]);
    expect(data.result.paymaster).to.equal(fx.contracts.paymaster);
    expect(data.result.paymasterData).to.match(/^0x[0-9a-f]{154}$/);
    expect(data.result.paymasterData.slice(0, 14)).to.equal("0x000000000000");
  });
});

function gasOf(stub: Record<string, string>) {
  return {
    paymaster: stub.paymaster,
    paymasterVerificationGasLimit: BigInt(stub.paymasterVerificationGasLimit!),
    paymasterPostOpGasLimit: BigInt(stub.paymasterPostOpGasLimit!),
    callGasLimit: 100_000n,
    verificationGasLimit: 500_000n,
    preVerificationGas: 60_000n,
  };
}
