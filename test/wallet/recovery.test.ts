// Guardian recovery: a guardian (a passkey through the ERC-7913 WebAuthn verifier, an EOA, or an ERC-1271
// account) proposes a new passkey; it takes effect after the delay unless a current passkey cancels.
// Proposals and executions are plain transactions the relayer sends for the user. On both networks.
import { expect } from "chai";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  buildCancelRecoveryCall,
  buildSetGuardianCall,
  defaultRecoveryDelay,
  encodeGuardian,
  getRecoveryProposalTypedData,
  parsePasskeyPublicKey,
  signRecoveryWithPasskey,
  type ToPaykeyAccountReturnType,
} from "@paykey/sdk/wallet";
import {
  createSoftwarePasskey, paykeyAccountOf, prepareSponsoredOperation, sendAndExpectSuccess, type SoftwarePasskey,
  tokenTransferCall, useWalletFixture, type WalletFixture, walletNetworks,
} from "../helpers/wallet.ts";

for (const networkName of walletNetworks) {
  describe(`guardian recovery (${networkName})`, () => {
    let fixture: WalletFixture;
    let phone: SoftwarePasskey;
    let guardianPasskey: SoftwarePasskey;
    let account: ToPaykeyAccountReturnType;

    /** The account as the relayer's executor sees it (it sends proposals and executions). */
    const accountAsRelayer = () =>
      fixture.viem.getContractAt("PaykeyAccount", account.address, { client: { wallet: fixture.executor } });

    async function setGuardian(guardian: Hex, recoveryDelay = defaultRecoveryDelay) {
      return sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, account, [
          buildSetGuardianCall({ account: account.address, guardian, recoveryDelay }),
        ]),
      ]);
    }

    async function passkeyGuardianSignature(newKey: Hex) {
      const { x, y } = parsePasskeyPublicKey(newKey);
      const digest = await (await fixture.accountAt(account.address)).read.recoveryDigest([x, y]);
      return signRecoveryWithPasskey({ guardian: guardianPasskey.account, digest });
    }

    useWalletFixture(networkName, async (deployed) => {
      fixture = deployed;
      phone = createSoftwarePasskey();
      guardianPasskey = createSoftwarePasskey({ origin: "https://guardian.example", rpId: "guardian.example" });
      account = await paykeyAccountOf(fixture, phone);
      await fixture.token.write.mint([account.address, 1_000_000n]);
      await setGuardian(
        encodeGuardian({ type: "passkey", verifier: fixture.guardianVerifier.address, publicKey: guardianPasskey.publicKey }),
      );
    });

    it("sets the guardian and delay through a passkey-signed operation", async () => {
      const guardian = encodeGuardian({ type: "address", address: fixture.outsider.account.address });
      const { receipt } = await setGuardian(guardian, 3600);
      const contract = await fixture.accountAt(account.address);
      await fixture.viem.assertions.emitWithArgs(Promise.resolve(receipt.transactionHash), contract, "GuardianSet", [
        guardian,
        3600,
      ]);
      expect(await contract.read.guardian()).to.deep.equal([guardian, 3600]);
    });

    it("adds the proposed passkey after the delay, not before, and the new device then pays", async () => {
      const newPhone = createSoftwarePasskey();
      const { x, y } = parsePasskeyPublicKey(newPhone.publicKey);
      const relayerView = await accountAsRelayer();
      const proposal = relayerView.write.proposeRecovery([x, y, await passkeyGuardianSignature(newPhone.publicKey)]);
      await fixture.viem.assertions.emit(proposal, relayerView, "RecoveryProposed");
      const [, , executableAt] = await relayerView.read.pendingRecovery();

      await fixture.networkHelpers.time.setNextBlockTimestamp(executableAt - 1);
      await fixture.viem.assertions.revertWithCustomErrorWithArgs(
        relayerView.write.executeRecovery(),
        relayerView,
        "RecoveryNotReady",
        [executableAt, executableAt - 1],
      );

      await fixture.networkHelpers.time.increaseTo(executableAt);
      const execution = relayerView.write.executeRecovery();
      await fixture.viem.assertions.emitWithArgs(execution, relayerView, "RecoveryExecuted", [x, y, 1n]);
      expect(await relayerView.read.isPasskey([x, y])).to.equal(true);
      expect(await relayerView.read.passkeyCount()).to.equal(2n);

      const fromNewPhone = await paykeyAccountOf(fixture, newPhone, { address: account.address });
      await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, fromNewPhone, [
          tokenTransferCall(fixture.token.address, fixture.merchant.account.address, 42n),
        ]),
      ]);
      expect(await fixture.token.read.balanceOf([fixture.merchant.account.address])).to.equal(42n);
    });

    it("lets a current passkey cancel; the recovery then cannot execute and its signature cannot be replayed", async () => {
      const thief = createSoftwarePasskey();
      const { x, y } = parsePasskeyPublicKey(thief.publicKey);
      const relayerView = await accountAsRelayer();
      const guardianSignature = await passkeyGuardianSignature(thief.publicKey);
      await relayerView.write.proposeRecovery([x, y, guardianSignature]);
      const [, , executableAt, nonceAfterProposal] = await relayerView.read.pendingRecovery();

      const { receipt } = await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, account, [buildCancelRecoveryCall({ account: account.address })]),
      ]);
      await fixture.viem.assertions.emitWithArgs(Promise.resolve(receipt.transactionHash), relayerView, "RecoveryCancelled", [
        x,
        y,
        nonceAfterProposal - 1n,
      ]);

      await fixture.networkHelpers.time.increaseTo(executableAt + 1);
      await fixture.viem.assertions.revertWithCustomError(relayerView.write.executeRecovery(), relayerView, "NoPendingRecovery");
      const staleDigest = await relayerView.read.recoveryDigest([x, y]);
      await fixture.viem.assertions.revertWithCustomErrorWithArgs(
        relayerView.write.proposeRecovery([x, y, guardianSignature]),
        relayerView,
        "InvalidGuardianSignature",
        [
          encodeGuardian({ type: "passkey", verifier: fixture.guardianVerifier.address, publicKey: guardianPasskey.publicKey }),
          staleDigest,
        ],
      );
      expect(await relayerView.read.isPasskey([x, y])).to.equal(false);
    });

    it("accepts an EOA guardian's EIP-712 signature and refuses a forged one", async () => {
      const guardianKey = privateKeyToAccount(generatePrivateKey());
      await setGuardian(encodeGuardian({ type: "address", address: guardianKey.address }));
      const newPhone = createSoftwarePasskey();
      const { x, y } = parsePasskeyPublicKey(newPhone.publicKey);
      const relayerView = await accountAsRelayer();
      const [, , , recoveryNonce] = await relayerView.read.pendingRecovery();
      const typedData = getRecoveryProposalTypedData({
        account: account.address,
        chainId: fixture.chainId,
        publicKey: newPhone.publicKey,
        recoveryNonce,
      });

      const forger = privateKeyToAccount(generatePrivateKey());
      await fixture.viem.assertions.revertWithCustomErrorWithArgs(
        relayerView.write.proposeRecovery([x, y, await forger.signTypedData(typedData)]),
        relayerView,
        "InvalidGuardianSignature",
        [guardianKey.address.toLowerCase() as Hex, await relayerView.read.recoveryDigest([x, y])],
      );

      const proposal = relayerView.write.proposeRecovery([x, y, await guardianKey.signTypedData(typedData)]);
      await fixture.viem.assertions.emit(proposal, relayerView, "RecoveryProposed");
      const [proposedX, proposedY] = await relayerView.read.pendingRecovery();
      expect([proposedX, proposedY]).to.deep.equal([x, y]);
    });

    it("accepts an ERC-1271 guardian: another Paykey account signing with its passkey (ERC-7739)", async () => {
      const friendPasskey = createSoftwarePasskey();
      const friend = await paykeyAccountOf(fixture, friendPasskey);
      await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, friend, [tokenTransferCall(fixture.token.address, friend.address, 0n)]),
      ]);
      await setGuardian(encodeGuardian({ type: "address", address: friend.address }));

      const newPhone = createSoftwarePasskey();
      const { x, y } = parsePasskeyPublicKey(newPhone.publicKey);
      const relayerView = await accountAsRelayer();
      const [, , , recoveryNonce] = await relayerView.read.pendingRecovery();
      const signature = await friend.signTypedData(
        getRecoveryProposalTypedData({ account: account.address, chainId: fixture.chainId, publicKey: newPhone.publicKey, recoveryNonce }),
      );
      await fixture.viem.assertions.emit(relayerView.write.proposeRecovery([x, y, signature]), relayerView, "RecoveryProposed");
    });
  });
}
