// The relayer against anvil, an external node it reaches only over HTTP (RPC_URL), as a child
// process configured by its environment: Paykey deployed on anvil with scripts/deploy.ts, a
// payer signed up with a passkey through the relayer's WebAuthn routes, and a payment made
// from the payer's 0-ETH PaykeyAccount through viem's bundler and paymaster clients — the
// first deploys the account, the second pays from it. anvil runs the Osaka hardfork, so the
// passkey is verified by the P-256 precompile at 0x100, not OpenZeppelin's Solidity fallback.
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { erc20Abi, parseEventLogs, parseUnits, type Hex } from "viem";
import { entryPointAbi, paymentEscrowAbi } from "@paykey/sdk/contracts";
import { startAnvil } from "../../scripts/lib/anvil.ts";
import type { LocalChain } from "../../scripts/lib/chain.ts";
import { startChildRelayer, type ChildRelayer } from "./helpers/childRelayer.ts";
import { childDatabaseEnv, dropChildSchema, uniqueSchema } from "./helpers/database.ts";
import { deployOn, withRelayer } from "./helpers/fixture.ts";
import { testEnv } from "./helpers/relayer.ts";

/** Known P-256 test vector (RIP-7212): hash ‖ r ‖ s ‖ x ‖ y, valid. */
const p256Vector =
  "0x4cee90eb86eaa050036147a12d49004b6b9c72bd725d39d4785011fe190f0b4da73bd4903f0ce3b639bbbf6e8e80d16931ff4bcf5993d58468e8fb19086e8cac36dbcd03009df8c59286b162af3bd7fcc0450c9aa81be5d10d312af6c66b1d604aebd3099c618202fcfe16ae7770b0c49ab5eadf74b754204a3bb6060e44eff37618b065f9832de4ca6ca971a7a1adc826d0f7c00181a5fb2ddf79ae00b4e10e";

describe("relayer: against anvil over HTTP (child process, RPC_URL)", function () {
  this.timeout(180_000);

  let anvil: LocalChain;
  let relayer: ChildRelayer;
  const schema = uniqueSchema();
  let fx: ReturnType<typeof withRelayer<ChildRelayer, { url: string; close(): Promise<void> }>>;

  before(async function () {
    anvil = await startAnvil();
    const deployed = await deployOn(anvil.url);
    relayer = await startChildRelayer(
      testEnv(anvil.url, {
        DEPLOYMENT_FILE: deployed.deploymentFile,
        ...childDatabaseEnv(mkdtempSync(join(tmpdir(), "paykey-anvil-")), schema),
      }),
    );
    fx = withRelayer(chainOf(anvil), deployed, relayer);
  });

  after(async function () {
    await relayer?.stop();
    await anvil?.stop();
    await dropChildSchema(schema);
  });

  const chainOf = (node: LocalChain) => ({ url: node.url, close: () => node.stop() });
  const balanceOf = (address: Hex) => fx.publicClient.readContract({ address: fx.usd, abi: erc20Abi, functionName: "balanceOf", args: [address] });

  it("anvil is the node: its own client version, and the P-256 precompile answers at 0x100", async function () {
    expect(await fx.publicClient.request({ method: "web3_clientVersion" })).to.match(/^anvil\//);
    const verified = await fx.publicClient.call({ to: "0x0000000000000000000000000000000000000100", data: p256Vector });
    expect(BigInt(verified.data ?? "0x0")).to.equal(1n);
    const health = await fetch(`${relayer.url}/health`);
    expect(health.status).to.equal(200);
  });

  it("a passkey payment end to end: sponsored, 0 ETH, the account deployed, then a second payment from it", async function () {
    const { account, address } = await fx.signUp(parseUnits("100", 6));
    expect(await fx.publicClient.getCode({ address })).to.equal(undefined);
    const escrowBefore = await balanceOf(fx.escrow);

    const first = await fx.bundlerClient.sendUserOperation({ account, calls: await fx.paymentCalls(address, parseUnits("12.5", 6)) });
    const deployedReceipt = await fx.bundlerClient.waitForUserOperationReceipt({ hash: first, timeout: 60_000 });
    expect(deployedReceipt.success).to.equal(true);
    expect(deployedReceipt.paymaster).to.equal(fx.paymaster);
    expect(await fx.publicClient.getCode({ address })).to.not.equal(undefined);

    const second = await fx.bundlerClient.sendUserOperation({ account, calls: await fx.paymentCalls(address, parseUnits("2.5", 6)) });
    const receipt = await fx.bundlerClient.waitForUserOperationReceipt({ hash: second, timeout: 60_000 });
    expect(receipt.success).to.equal(true);

    expect(await fx.publicClient.getBalance({ address })).to.equal(0n);
    expect(await balanceOf(address)).to.equal(parseUnits("85", 6));
    expect((await balanceOf(fx.escrow)) - escrowBefore).to.equal(parseUnits("15", 6));
    const authorized = [...deployedReceipt.logs, ...receipt.logs].flatMap((log) =>
      parseEventLogs({ abi: paymentEscrowAbi, logs: [log], eventName: "PaymentAuthorized" }),
    );
    expect(authorized.map((event) => [event.args.payer, event.args.amount])).to.deep.equal([
      [address, parseUnits("12.5", 6)],
      [address, parseUnits("2.5", 6)],
    ]);
    for (const [hash, opReceipt] of [[first, deployedReceipt], [second, receipt]] as const) {
      const events = parseEventLogs({ abi: entryPointAbi, logs: opReceipt.receipt.logs, eventName: "UserOperationEvent" });
      expect(events.filter((event) => event.args.userOpHash === hash).map((event) => event.args.success)).to.deep.equal([true]);
    }
    // The precompile verified the passkey: OpenZeppelin's Solidity P-256 would add ≈255k gas
    // to each operation (TOOLCHAIN.md), and a payment from a deployed account uses ≈135k.
    expect(receipt.actualGasUsed < 250_000n, `gas used ${receipt.actualGasUsed}`).to.equal(true);
  });
});
