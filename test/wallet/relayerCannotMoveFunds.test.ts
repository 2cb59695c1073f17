// The relayer holds only its own keys — the executor EOA that sends handleOps and the sponsor key that signs
// paymaster data — and with them it cannot move a user's tokens, whatever it tries. On both networks.
import { expect } from "chai";
import type { Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { type UserOperation, toPackedUserOperation } from "viem/account-abstraction";
import {
  batchExecutionMode,
  encodeExecuteCalls,
  encodeExecutionData,
  getStubPasskeySignature,
  parsePasskeyPublicKey,
  signSponsorship,
  type ToPaykeyAccountReturnType,
} from "@paykey/sdk/wallet";
import {
  createSoftwarePasskey, paykeyAccountOf, prepareSponsoredOperation, sendAndExpectSuccess, sendOperations,
  type SoftwarePasskey, tokenTransferCall, useWalletFixture, type WalletFixture, walletNetworks,
} from "../helpers/wallet.ts";

for (const networkName of walletNetworks) {
  describe(`a relayer with only its own keys cannot move a user's tokens (${networkName})`, () => {
    let fixture: WalletFixture;
    let user: SoftwarePasskey;
    let account: ToPaykeyAccountReturnType;
    let relayer: Address;
    const balance = 1_000_000n;

    const stealCall = () => tokenTransferCall(fixture.token.address, relayer, balance);

    async function expectFailedOp(operation: UserOperation<"0.8">, reason: string) {
      await fixture.viem.assertions.revertWithCustomErrorWithArgs(
        sendOperations(fixture, [operation]),
        fixture.entryPoint,
        "FailedOp",
        [0n, reason],
      );
    }

    useWalletFixture(networkName, async (deployed) => {
      fixture = deployed;
      relayer = fixture.executor.account.address;
      user = createSoftwarePasskey();
      account = await paykeyAccountOf(fixture, user);
      await fixture.token.write.mint([account.address, balance]);
      // Deployed by the user's first (harmless) operation.
      await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, account, [tokenTransferCall(fixture.token.address, account.address, 0n)]),
      ]);
    });

    afterEach(async () => {
      expect(await fixture.token.read.balanceOf([account.address])).to.equal(balance);
      expect(await fixture.token.read.balanceOf([relayer])).to.equal(0n);
    });

    it("cannot call execute on the account directly", async () => {
      const asRelayer = await fixture.viem.getContractAt("PaykeyAccount", account.address, {
        client: { wallet: fixture.executor },
      });
      await fixture.viem.assertions.revertWithCustomErrorWithArgs(
        asRelayer.write.execute([batchExecutionMode, encodeExecutionData([stealCall()])]),
        asRelayer,
        "AccountUnauthorized",
        [relayer],
      );
    });

    it("cannot call validateUserOp itself", async () => {
      const operation = await prepareSponsoredOperation(fixture, account, [stealCall()]);
      const asRelayer = await fixture.viem.getContractAt("PaykeyAccount", account.address, {
        client: { wallet: fixture.executor },
      });
      await fixture.viem.assertions.revertWithCustomErrorWithArgs(
        asRelayer.write.validateUserOp([toPackedUserOperation(operation), `0x${"11".repeat(32)}`, 0n]),
        asRelayer,
        "AccountUnauthorized",
        [relayer],
      );
    });

    it("cannot pass handleOps an operation signed with its own ECDSA key", async () => {
      const operation = await prepareSponsoredOperation(fixture, account, [stealCall()]);
      const relayerKey = privateKeyToAccount(generatePrivateKey());
      const signature = await relayerKey.sign({ hash: `0x${"22".repeat(32)}` });
      await expectFailedOp({ ...operation, signature }, "AA24 signature error");
    });

    it("cannot pass handleOps an operation signed with a passkey of its own", async () => {
      const relayerPasskey = await paykeyAccountOf(fixture, createSoftwarePasskey(), { address: account.address });
      await expectFailedOp(await prepareSponsoredOperation(fixture, relayerPasskey, [stealCall()]), "AA24 signature error");
    });

    it("cannot pass handleOps the stub signature used for gas estimation", async () => {
      const operation = await prepareSponsoredOperation(fixture, account, [stealCall()]);
      await expectFailedOp({ ...operation, signature: getStubPasskeySignature(account.passkey) }, "AA24 signature error");
    });

    it("cannot redirect a user-signed payment by rewriting its callData (and re-sponsoring it)", async () => {
      const signedByUser = await prepareSponsoredOperation(fixture, account, [
        tokenTransferCall(fixture.token.address, fixture.merchant.account.address, 10n),
      ]);
      const rewritten = { ...signedByUser, callData: encodeExecuteCalls([stealCall()]) };
      const responsored = { ...rewritten, ...(await sponsor(rewritten)) };
      await expectFailedOp(responsored, "AA24 signature error");
    });

    it("cannot change the paymaster data after the passkey signed", async () => {
      const signedByUser = await prepareSponsoredOperation(fixture, account, [
        tokenTransferCall(fixture.token.address, fixture.merchant.account.address, 10n),
      ]);
      const { timestamp } = await fixture.publicClient.getBlock();
      // A fresh, valid sponsorship with a longer window: the paymaster accepts it, the passkey signature does not.
      const resigned = { ...signedByUser, ...(await sponsor(signedByUser, Number(timestamp) + 86_400)) };
      await expectFailedOp(resigned, "AA24 signature error");
      // Dropping the paymaster altogether changes the hash too (given ETH, the account would pay its own gas).
      await fixture.networkHelpers.setBalance(account.address, 10n ** 18n);
      const unsponsored = {
        ...signedByUser,
        paymaster: undefined,
        paymasterData: undefined,
        paymasterVerificationGasLimit: undefined,
        paymasterPostOpGasLimit: undefined,
      };
      await expectFailedOp(unsponsored, "AA24 signature error");
    });

    it("cannot propose or execute a recovery without a guardian", async () => {
      const asRelayer = await fixture.viem.getContractAt("PaykeyAccount", account.address, {
        client: { wallet: fixture.executor },
      });
      const { x, y } = parsePasskeyPublicKey(createSoftwarePasskey().publicKey);
      await fixture.viem.assertions.revertWithCustomError(
        asRelayer.write.proposeRecovery([x, y, "0x"]),
        asRelayer,
        "NoGuardian",
      );
      await fixture.viem.assertions.revertWithCustomError(asRelayer.write.executeRecovery(), asRelayer, "NoPendingRecovery");
    });

    it("cannot re-initialize a deployed account with its own passkey", async () => {
      const asRelayer = await fixture.viem.getContractAt("PaykeyAccount", account.address, {
        client: { wallet: fixture.executor },
      });
      const { x, y } = parsePasskeyPublicKey(createSoftwarePasskey().publicKey);
      await fixture.viem.assertions.revertWithCustomError(
        asRelayer.write.initialize([x, y]),
        asRelayer,
        "InvalidInitialization",
      );
    });

    it("gains nothing by front-running a deployment: the account belongs to the user's passkey alone", async () => {
      const newcomer = createSoftwarePasskey();
      const newcomerAccount = await paykeyAccountOf(fixture, newcomer);
      await fixture.token.write.mint([newcomerAccount.address, 500n]);
      const firstOperation = await prepareSponsoredOperation(fixture, newcomerAccount, [
        tokenTransferCall(fixture.token.address, fixture.merchant.account.address, 500n),
      ]);
      const factoryAsRelayer = await fixture.viem.getContractAt("PaykeyAccountFactory", fixture.factory.address, {
        client: { wallet: fixture.executor },
      });
      await factoryAsRelayer.write.createAccount([newcomerAccount.passkey.x, newcomerAccount.passkey.y, 0n]);
      const deployed = await fixture.accountAt(newcomerAccount.address);
      expect(await deployed.read.passkeyCount()).to.equal(1n);
      expect(await deployed.read.isPasskey([newcomerAccount.passkey.x, newcomerAccount.passkey.y])).to.equal(true);
      // The user's operation with factoryData no longer applies; rebuilt without it, it pays.
      await expectFailedOp(firstOperation, "AA10 sender already constructed");
      const rebuilt = await paykeyAccountOf(fixture, newcomer);
      await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, rebuilt, [
          tokenTransferCall(fixture.token.address, fixture.merchant.account.address, 500n),
        ]),
      ]);
      expect(await fixture.token.read.balanceOf([fixture.merchant.account.address])).to.equal(500n);
    });

    async function sponsor(operation: UserOperation<"0.8">, validUntil?: number) {
      const { timestamp } = await fixture.publicClient.getBlock();
      return signSponsorship({
        signer: fixture.sponsorSigner,
        paymasterAddress: fixture.paymaster.address,
        chainId: fixture.chainId,
        userOperation: { ...operation, paymasterVerificationGasLimit: 60_000n },
        validAfter: 0,
        validUntil: validUntil ?? Number(timestamp) + 3600,
      });
    }
  });
}
