// Devices and guardian recovery, with the chain as the judge. A lost device is forgotten by the relayer
// (no sign-in, its sessions end) only once the account stops accepting it on-chain. A recovering device
// registers its passkey as pending; the guardian (another Paykey account) proposes it on-chain with a
// sponsored call; the owner's remaining device can cancel; after the delay anyone executes it, and only
// then does the new passkey sign in to the recovered account.
import { expect } from "chai";
import { encodeFunctionData, parseGwei, type Address } from "viem";
import { paykeyAccountAbi } from "@paykey/sdk/contracts";
import {
  buildAddPasskeyCall,
  buildCancelRecoveryCall,
  buildProposeRecoveryCall,
  buildRemovePasskeyCall,
  buildSetGuardianCall,
  encodeGuardian,
} from "@paykey/sdk/wallet";
import { TestPasskey } from "../helpers/authenticator.ts";
import { origin, rpcForm, rpId } from "../helpers/fixture.ts";
import type { CommerceFixture, User } from "../helpers/commerceFixture.ts";
import { sharedCounterFixture } from "./helpers.ts";

describe("counter: revoking a lost device and guardian recovery", function () {
  // The fixture (chain, deployment, relayer) and the on-chain set-up take a while on a loaded machine.
  this.timeout(180_000);
  let fx: CommerceFixture;
  let owner: User;
  let guardian: User;

  const pendingRecovery = (account: Address) => fx.publicClient.readContract({ address: account, abi: paykeyAccountAbi, functionName: "pendingRecovery" });
  const isPasskey = (account: Address, key: { x: `0x${string}`; y: `0x${string}` }) =>
    fx.publicClient.readContract({ address: account, abi: paykeyAccountAbi, functionName: "isPasskey", args: [key.x, key.y] });

  async function login(passkey: TestPasskey) {
    const { body } = await fx.post("/auth/login/options");
    return fx.post("/auth/login/verify", { response: await passkey.getAssertion(body.options) });
  }

  before(async function () {
    fx = await sharedCounterFixture();
    owner = await fx.signUp(0n);
    guardian = await fx.signUp(0n);
    // The owner's first operation deploys the account and names the guardian, with the shortest delay.
    await fx.sendCalls(owner, [buildSetGuardianCall({ account: owner.address, guardian: encodeGuardian({ type: "address", address: guardian.address }), recoveryDelay: 3600 })]);
  });

  it("forgets a lost device only once it is removed on-chain, never the device in use; its sessions end", async function () {
    const lost = new TestPasskey({ origin, rpId });
    const options = await fx.post("/auth/devices/options", {}, owner.token);
    const added = await fx.post("/auth/devices/verify", { response: lost.createCredential(options.body.options) }, owner.token);
    expect(added.status).to.equal(200);
    await fx.sendCalls(owner, [buildAddPasskeyCall({ account: owner.address, publicKey: lost.publicKey })]);
    expect(await isPasskey(owner.address, lost.publicKey)).to.equal(true);
    const lostSession = await login(lost);
    expect(lostSession.body.account.address).to.equal(owner.address);
    const revoke = (credentialId: string) => fx.call("POST", `/api/me/devices/${credentialId}/revoke`, owner.token, {});

    const onChain = await revoke(lost.id);
    expect(onChain.status).to.equal(409);
    expect(onChain.body.error.reason).to.equal("device_on_chain");
    const current = await revoke(owner.passkey.id);
    expect(current.status).to.equal(409);
    expect(current.body.error.reason).to.equal("device_current");
    expect((await revoke("bm90LWEtZGV2aWNl")).status).to.equal(404);

    await fx.sendCalls(owner, [buildRemovePasskeyCall({ account: owner.address, publicKey: lost.publicKey })]);
    expect(await isPasskey(owner.address, lost.publicKey)).to.equal(false);
    const revoked = await revoke(lost.id);
    expect(revoked.status, JSON.stringify(revoked.body)).to.equal(200);
    expect(revoked.body).to.deep.equal({ revoked: lost.id });

    expect((await fx.call("GET", "/auth/session", lostSession.body.session.token)).status).to.equal(401);
    const again = await login(lost);
    expect(again.status).to.equal(401);
    expect(again.body.error.reason).to.equal("credential_unknown");
    const session = await fx.call("GET", "/auth/session", owner.token);
    expect(session.body.credentials.map((credential: { id: string }) => credential.id)).to.deep.equal([owner.passkey.id]);
  });

  it("recovers through the guardian: pending passkey, proposal, the owner's cancel, a new proposal, execution after the delay, sign-in", async function () {
    const fresh = new TestPasskey({ origin, rpId });
    const options = await fx.post("/api/recovery/options", { account: owner.address });
    expect(options.status).to.equal(200);
    const verified = await fx.post("/api/recovery/verify", { account: owner.address, response: fresh.createCredential(options.body.options) });
    expect(verified.status, JSON.stringify(verified.body)).to.equal(200);
    expect(verified.body.credential).to.deep.equal({ id: fresh.id, publicKey: fresh.publicKey });
    expect(verified.body.guardianUrl).to.match(new RegExp(`/guardian\\?account=${owner.address}&x=${fresh.publicKey.x}&y=${fresh.publicKey.y}$`));
    // Pending: it cannot sign in, and cannot be completed before the chain says so.
    expect((await login(fresh)).body.error.reason).to.equal("credential_unknown");
    const early = await fx.post("/api/recovery/complete", { credentialId: fresh.id });
    expect(early.status).to.equal(409);
    expect(early.body.error).to.include({ reason: "recovery_not_executed", executableAt: 0 });

    const propose = buildProposeRecoveryCall({ account: owner.address, publicKey: fresh.publicKey, guardianSignature: "0x" });
    await fx.sendCalls(guardian, [propose]);
    const [qx, , executableAt] = await pendingRecovery(owner.address);
    expect(qx).to.equal(fresh.publicKey.x);
    const { timestamp } = await fx.publicClient.getBlock();
    expect(executableAt - Number(timestamp)).to.be.within(3590, 3600);

    // The owner still holds a device and cancels.
    await fx.sendCalls(owner, [buildCancelRecoveryCall({ account: owner.address })]);
    expect((await pendingRecovery(owner.address))[2]).to.equal(0);

    await fx.sendCalls(guardian, [propose]);
    const notYet = await fx.post("/api/recovery/complete", { credentialId: fresh.id });
    expect(notYet.body.error.reason).to.equal("recovery_not_executed");
    expect(notYet.body.error.executableAt).to.be.greaterThan(Number(timestamp));
    await fx.publicClient.request({ method: "evm_increaseTime" as never, params: [3601] as never });
    await fx.publicClient.request({ method: "evm_mine" as never, params: [] as never });
    await fx.sendCalls(guardian, [{ to: owner.address, data: encodeFunctionData({ abi: paykeyAccountAbi, functionName: "executeRecovery" }) }]);
    expect(await isPasskey(owner.address, fresh.publicKey)).to.equal(true);

    const completed = await fx.post("/api/recovery/complete", { credentialId: fresh.id });
    expect(completed.status, JSON.stringify(completed.body)).to.equal(200);
    expect(completed.body).to.deep.equal({ account: { address: owner.address }, credential: { id: fresh.id, publicKey: fresh.publicKey } });
    const signedIn = await login(fresh);
    expect(signedIn.status).to.equal(200);
    expect(signedIn.body.account.address).to.equal(owner.address);
    expect((await fx.post("/api/recovery/complete", { credentialId: fresh.id })).status).to.equal(404);
  });

  it("sponsors recovery calls only towards Paykey accounts, and knows no recovery for an unknown wallet", async function () {
    const call = buildProposeRecoveryCall({ account: fx.usd, publicKey: new TestPasskey({ origin, rpId }).publicKey, guardianSignature: "0x" });
    const op = {
      sender: guardian.address,
      nonce: 9_999n,
      callData: await guardian.account.encodeCalls([{ ...call, value: 0n }]),
      maxFeePerGas: parseGwei("2"),
      maxPriorityFeePerGas: parseGwei("1"),
      callGasLimit: 100_000n,
      verificationGasLimit: 300_000n,
      preVerificationGas: 60_000n,
    };
    const refused = await fx.rpc("pm_getPaymasterStubData", [rpcForm(op), fx.entryPoint, "0x7a69", {}]);
    expect(refused.error?.data).to.deep.include({ reason: "target_not_allowed", target: fx.usd });

    const unknown = await fx.post("/api/recovery/options", { account: "0x000000000000000000000000000000000000dEaD" });
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.reason).to.equal("account_unknown");
  });
});
