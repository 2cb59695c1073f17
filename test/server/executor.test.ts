// The executor against a real chain: bundling up to N operations per handleOps across
// several executor keys, nonce resync after "nonce too low", fee bump and replacement of a
// stuck transaction, an inner revert recorded as success=false, operation replacement
// rules, and operations that became invalid dropped before anything is broadcast.
import { expect } from "chai";
import { createWalletClient, http, parseEventLogs, parseGwei, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { devKeyIndices, hardhatDevKey } from "../../server/src/config.ts";
import { entryPointAbi } from "@paykey/sdk/contracts";
import { createFixture, type Fixture } from "./helpers/fixture.ts";
import { testStablecoinAbi } from "@paykey/sdk/contracts";

type Payer = Awaited<ReturnType<Fixture["signUp"]>>;

async function userOperationEvents(fx: Fixture, hash: Hex) {
  const logs = await fx.publicClient.getLogs({ address: fx.entryPoint, fromBlock: 0n, toBlock: "latest" });
  return parseEventLogs({ abi: entryPointAbi, logs, eventName: "UserOperationEvent" }).filter((event) => event.args.userOpHash === hash);
}

async function bundleRows(fx: Fixture) {
  return fx.relayer.store.query<{ id: number; executor: string; nonce: string; status: string; transaction_hash: string }>(
    "SELECT id, executor, nonce, status, transaction_hash FROM bundles ORDER BY id",
  );
}

describe("relayer: executor", function () {
  let fx: Fixture;

  before(async function () {
    fx = await createFixture({ BUNDLE_MAX_OPS: "3", EXECUTOR_STUCK_AFTER_MS: "300" }, { runExecutor: false });
  });

  after(async function () {
    await fx?.close();
  });

  const send = async (payer: Payer, amount: bigint) =>
    fx.bundlerClient.sendUserOperation({ account: payer.account, calls: await fx.paymentCalls(payer.address, amount) });
  const executor = () => fx.relayer.context.executor;

  it("bundles up to N operations per handleOps and spreads bundles over several executor keys", async function () {
    const accounts: Payer[] = [];
    for (let i = 0; i < 7; i++) accounts.push(await fx.signUp());
    const hashes: Hex[] = [];
    for (const [index, account] of accounts.entries()) hashes.push(await send(account, BigInt(index + 1)));
    const before = (await bundleRows(fx)).length;
    await executor().runOnce(); // three executor keys: bundles of 3, 3 and 1
    await executor().runOnce(); // settles them
    const bundles = (await bundleRows(fx)).slice(before);
    expect(bundles.map((bundle) => bundle.status)).to.deep.equal(["included", "included", "included"]);
    expect(new Set(bundles.map((bundle) => bundle.executor)).size).to.equal(3);
    const sizes = [];
    for (const bundle of bundles) {
      const receipt = await fx.publicClient.getTransactionReceipt({ hash: bundle.transaction_hash as Hex });
      sizes.push(parseEventLogs({ abi: entryPointAbi, logs: receipt.logs, eventName: "UserOperationEvent" }).length);
    }
    // The three bundles are built side by side, so their rows may be written in any order.
    expect(sizes.sort((a, b) => b - a)).to.deep.equal([3, 3, 1]);
    for (const hash of hashes) {
      expect(await userOperationEvents(fx, hash)).to.have.length(1);
      expect((await fx.bundlerClient.getUserOperationReceipt({ hash })).success).to.equal(true);
    }
  });

  it("resyncs its nonce after 'nonce too low' and submits the bundle again", async function () {
    const firstExecutor = hardhatDevKey(devKeyIndices.executors[0]);
    const wallet = createWalletClient({ account: privateKeyToAccount(firstExecutor), chain: hardhat, transport: http(fx.chain.url) });
    // Someone else uses the executor key: the relayer's cached nonce is now stale.
    await fx.publicClient.waitForTransactionReceipt({ hash: await wallet.sendTransaction({ to: wallet.account.address, value: 0n }) });

    const hash = await send(await fx.signUp(), 11n);
    const before = fx.relayer.logs.length;
    await executor().runOnce();
    await executor().runOnce();
    expect(fx.relayer.logs.slice(before).map((line) => line.event)).to.include.members(["broadcast_refused", "bundle_renonced"]);
    expect((await fx.bundlerClient.getUserOperationReceipt({ hash })).success).to.equal(true);
    expect(await userOperationEvents(fx, hash)).to.have.length(1);
    const attempts = await fx.relayer.store.query<{ status: string; nonce: string }>(
      "SELECT t.status, t.nonce FROM bundle_transactions t JOIN user_operations o ON o.bundle_id = t.bundle_id WHERE o.hash = $1 ORDER BY t.created_at",
      [hash],
    );
    expect(attempts.map((attempt) => attempt.status)).to.deep.equal(["replaced", "mined"]);
    expect(Number(attempts[1]!.nonce)).to.equal(Number(attempts[0]!.nonce) + 1);
  });

  it("replaces a stuck bundle transaction with higher fees; the operation is included once", async function () {
    const hash = await send(await fx.signUp(), 12n);
    await fx.chain.provider.request({ method: "evm_setAutomine", params: [false] });
    try {
      await executor().runOnce(); // signed, written, broadcast: waits in the mempool
      const [first] = await fx.relayer.store.query<{ hash: string; max_fee_per_gas: string }>(
        "SELECT t.hash, t.max_fee_per_gas FROM bundle_transactions t JOIN user_operations o ON o.bundle_id = t.bundle_id WHERE o.hash = $1",
        [hash],
      );
      // The base fee jumps above what the transaction offers: it cannot be mined.
      const spike = BigInt(first!.max_fee_per_gas) * 3n;
      await fx.chain.provider.request({ method: "hardhat_setNextBlockBaseFeePerGas", params: [`0x${spike.toString(16)}`] });
      await fx.chain.provider.request({ method: "evm_mine", params: [] });
      expect(await fx.publicClient.getTransactionReceipt({ hash: first!.hash as Hex }).catch(() => null)).to.equal(null);

      await new Promise((resolve) => setTimeout(resolve, 350));
      await executor().runOnce(); // stuck: signed again with the same nonce and higher fees
      await fx.chain.provider.request({ method: "evm_mine", params: [] });
      await executor().runOnce(); // settles
    } finally {
      await fx.chain.provider.request({ method: "evm_setAutomine", params: [true] });
    }
    const attempts = await fx.relayer.store.query<{ status: string; nonce: string; max_fee_per_gas: string }>(
      "SELECT t.status, t.nonce, t.max_fee_per_gas FROM bundle_transactions t JOIN user_operations o ON o.bundle_id = t.bundle_id WHERE o.hash = $1 ORDER BY t.created_at",
      [hash],
    );
    expect(attempts.map((attempt) => attempt.status)).to.deep.equal(["replaced", "mined"]);
    expect(attempts[0]!.nonce).to.equal(attempts[1]!.nonce);
    expect(BigInt(attempts[1]!.max_fee_per_gas) > BigInt(attempts[0]!.max_fee_per_gas) * 2n).to.equal(true);
    expect(await userOperationEvents(fx, hash)).to.have.length(1);
    expect(fx.relayer.logs.some((line) => line.event === "bundle_fee_bumped")).to.equal(true);
  });

  it("settles a bundle mined while it was judged stuck, instead of signing its operations again", async function () {
    const hash = await send(await fx.signUp(), 16n);
    const before = fx.relayer.logs.length;
    await fx.chain.provider.request({ method: "evm_setAutomine", params: [false] });
    try {
      await executor().runOnce(); // broadcast: waits in the mempool
      await new Promise((resolve) => setTimeout(resolve, 350)); // older than EXECUTOR_STUCK_AFTER_MS
      // The block lands after the executor looked for receipts and before it reads its nonce.
      fx.chain.beforeAnswer("eth_getTransactionCount", () => fx.chain.provider.request({ method: "evm_mine", params: [] }));
      await executor().runOnce();
      await executor().runOnce();
    } finally {
      await fx.chain.provider.request({ method: "evm_setAutomine", params: [true] });
    }
    const attempts = await fx.relayer.store.query<{ status: string }>(
      "SELECT t.status FROM bundle_transactions t JOIN user_operations o ON o.bundle_id = t.bundle_id WHERE o.hash = $1",
      [hash],
    );
    expect(attempts.map((attempt) => attempt.status)).to.deep.equal(["mined"]);
    expect((await fx.rpc("paykey_getUserOperationStatus", [hash])).result).to.deep.include({ status: "included", success: true });
    expect(fx.relayer.logs.slice(before).map((line) => line.event)).to.not.include("bundle_renonced");
    expect(await userOperationEvents(fx, hash)).to.have.length(1);
  });

  it("records an inner revert as success=false with its reason (handleOps itself succeeds)", async function () {
    const payer = await fx.signUp();
    const hash = await send(payer, 13n);
    // Between acceptance and inclusion the stablecoin blacklists the payer: the escrow's pull now reverts.
    await fx.publicClient.waitForTransactionReceipt({
      hash: await fx.deployer.writeContract({ address: fx.usd, abi: testStablecoinAbi, functionName: "setBlacklisted", args: [payer.address, true] }),
    });
    await executor().runOnce();
    await executor().runOnce();
    const receipt = await fx.bundlerClient.getUserOperationReceipt({ hash });
    expect(receipt.success).to.equal(false);
    expect(receipt.reason).to.equal(`AccountBlacklisted(${payer.address})`);
    expect(receipt.receipt.status).to.equal("success");
    const [event] = await userOperationEvents(fx, hash);
    expect(event!.args.success).to.equal(false);
    const [row] = await fx.relayer.store.query<{ status: string; success: boolean }>("SELECT status, success FROM user_operations WHERE hash = $1", [hash]);
    expect(row).to.deep.equal({ status: "included", success: false });
  });

  it("replaces a waiting operation only for 10% higher fees; the replaced one is not included", async function () {
    const { account, address } = await fx.signUp();
    const nonce = await account.getNonce();
    const prepare = async (fee: bigint) => {
      const request = await fx.bundlerClient.prepareUserOperation({
        account,
        calls: await fx.paymentCalls(address, fee / 10n ** 9n),
        nonce,
        maxFeePerGas: fee,
        maxPriorityFeePerGas: fee,
      });
      return { ...request, signature: await account.signUserOperation(request) };
    };
    const first = await fx.bundlerClient.sendUserOperation(await prepare(parseGwei("2")));
    const underpriced = await fx.bundlerClient.sendUserOperation(await prepare(parseGwei("2.1"))).catch((error: unknown) => error);
    expect(String(underpriced)).to.include("replacement must raise");
    const second = await fx.bundlerClient.sendUserOperation(await prepare(parseGwei("2.2")));

    await executor().runOnce();
    await executor().runOnce();
    expect((await fx.bundlerClient.getUserOperationReceipt({ hash: second })).success).to.equal(true);
    expect((await fx.rpc("eth_getUserOperationByHash", [first])).result).to.equal(null);
    expect((await fx.rpc("paykey_getUserOperationStatus", [first])).result).to.deep.include({ status: "replaced" });
    expect(await userOperationEvents(fx, first)).to.have.length(0);
  });

  it("answers a resend of the same operation with the same hash, stored once, also after inclusion", async function () {
    const { account, address } = await fx.signUp();
    const request = await fx.bundlerClient.prepareUserOperation({ account, calls: await fx.paymentCalls(address, 14n) });
    const signed = { ...request, signature: await account.signUserOperation(request) };
    const first = await fx.bundlerClient.sendUserOperation(signed);
    const again = await fx.bundlerClient.sendUserOperation(signed);
    expect(again).to.equal(first);
    const rows = await fx.relayer.store.query("SELECT 1 FROM user_operations WHERE hash = $1", [first]);
    expect(rows).to.have.length(1);
    await executor().runOnce();
    await executor().runOnce();
    // Sent again once included (a client that missed the answer): the same hash, not a nonce error.
    expect((await fx.rpc("paykey_getUserOperationStatus", [first])).result).to.deep.include({ status: "included" });
    expect(await fx.bundlerClient.sendUserOperation(signed)).to.equal(first);
  });

  it("drops an operation that became invalid before bundling, without broadcasting anything", async function () {
    const hash = await send(await fx.signUp(), 15n);
    const bundlesBefore = (await bundleRows(fx)).length;
    await fx.chain.networkHelpers.time.increase(3600); // its paymaster signature expires
    await executor().runOnce();
    const status = (await fx.rpc("paykey_getUserOperationStatus", [hash])).result;
    expect(status).to.deep.include({ status: "failed", reason: "AA32 paymaster expired or not due" });
    expect((await bundleRows(fx)).length).to.equal(bundlesBefore);
    expect(await userOperationEvents(fx, hash)).to.have.length(0);
  });
});
