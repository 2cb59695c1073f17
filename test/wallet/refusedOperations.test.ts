// Operations the EntryPoint must refuse, each with its exact FailedOp reason, on both networks
// (P-256 precompile, and OpenZeppelin's Solidity fallback). Every refusal leaves balances untouched.
import { p256 } from "@noble/curves/nist.js";
import { expect } from "chai";
import type { Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { UserOperation } from "viem/account-abstraction";
import type { ToPaykeyAccountReturnType } from "@paykey/sdk/wallet";
import {
  authenticatorFlags, createSoftwarePasskey, editPasskeySignature, malformedPasskeySignatures, paykeyAccountOf,
  prepareSponsoredOperation, sendAndExpectSuccess, sendOperations, type SoftwarePasskey, tamperAuthenticatorData,
  tamperClientDataJSON, toHighS, tokenTransferCall, useWalletFixture, type WalletFixture, walletNetworks,
} from "../helpers/wallet.ts";

for (const networkName of walletNetworks) {
  describe(`refused operations (${networkName})`, () => {
    let fixture: WalletFixture;
    let owner: SoftwarePasskey;
    let account: ToPaykeyAccountReturnType;
    let merchant: Address;

    const payMerchant = (amount: bigint) => tokenTransferCall(fixture.token.address, merchant, amount);

    async function expectRefused(operations: UserOperation<"0.8">[], reason: string) {
      const before = await fixture.token.read.balanceOf([account.address]);
      await fixture.viem.assertions.revertWithCustomErrorWithArgs(
        sendOperations(fixture, operations),
        fixture.entryPoint,
        "FailedOp",
        [0n, reason],
      );
      expect(await fixture.token.read.balanceOf([account.address])).to.equal(before);
    }

    useWalletFixture(networkName, async (deployed) => {
      fixture = deployed;
      merchant = fixture.merchant.account.address;
      owner = createSoftwarePasskey();
      account = await paykeyAccountOf(fixture, owner);
      await fixture.token.write.mint([account.address, 1_000_000n]);
      await sendAndExpectSuccess(fixture, [await prepareSponsoredOperation(fixture, account, [payMerchant(1n)])]);
    });

    it("refuses an operation signed by a passkey that does not own the account", async () => {
      const stranger = await paykeyAccountOf(fixture, createSoftwarePasskey(), { address: account.address });
      await expectRefused([await prepareSponsoredOperation(fixture, stranger, [payMerchant(1000n)])], "AA24 signature error");
    });

    it("refuses a signature that names the owner's passkey but was made by another key", async () => {
      const stranger = await paykeyAccountOf(fixture, createSoftwarePasskey(), { address: account.address });
      const operation = await prepareSponsoredOperation(fixture, stranger, [payMerchant(1000n)]);
      const signature = editPasskeySignature(operation.signature, () => ({ publicKeyX: account.passkey.x }));
      await expectRefused([{ ...operation, signature }], "AA24 signature error");
    });

    it("refuses tampered authenticatorData", async () => {
      const operation = await prepareSponsoredOperation(fixture, account, [payMerchant(1000n)]);
      await expectRefused([{ ...operation, signature: tamperAuthenticatorData(operation.signature) }], "AA24 signature error");
    });

    it("refuses a tampered clientDataJSON", async () => {
      const operation = await prepareSponsoredOperation(fixture, account, [payMerchant(1000n)]);
      await expectRefused([{ ...operation, signature: tamperClientDataJSON(operation.signature) }], "AA24 signature error");
    });

    it("refuses every malformed signature encoding as a signature error, never as a revert", async () => {
      const operation = await prepareSponsoredOperation(fixture, account, [payMerchant(1000n)]);
      for (const [what, signature] of Object.entries(malformedPasskeySignatures(operation.signature))) {
        try {
          await expectRefused([{ ...operation, signature }], "AA24 signature error");
        } catch (error) {
          throw new Error(`malformed signature "${what}" was not refused as AA24`, { cause: error });
        }
      }
      await sendAndExpectSuccess(fixture, [operation]);
    });

    it("refuses a high-s signature and accepts the same signature in low-s form", async () => {
      const operation = await prepareSponsoredOperation(fixture, account, [payMerchant(1000n)]);
      await expectRefused([{ ...operation, signature: toHighS(operation.signature) }], "AA24 signature error");
      await sendAndExpectSuccess(fixture, [operation]);
      expect(await fixture.token.read.balanceOf([merchant])).to.equal(1001n);
    });

    it("refuses an assertion without the user-verified flag, and accepts the same key with it", async () => {
      const privateKey = p256.utils.randomSecretKey();
      const withoutUv = createSoftwarePasskey({ privateKey, flags: authenticatorFlags.userPresent });
      const newAccount = await paykeyAccountOf(fixture, withoutUv);
      await fixture.token.write.mint([newAccount.address, 5000n]);
      const refused = await prepareSponsoredOperation(fixture, newAccount, [payMerchant(5000n)]);
      await fixture.viem.assertions.revertWithCustomErrorWithArgs(
        sendOperations(fixture, [refused]),
        fixture.entryPoint,
        "FailedOp",
        [0n, "AA24 signature error"],
      );
      const withUv = await paykeyAccountOf(fixture, createSoftwarePasskey({ privateKey }));
      expect(withUv.address).to.equal(newAccount.address);
      await sendAndExpectSuccess(fixture, [await prepareSponsoredOperation(fixture, withUv, [payMerchant(5000n)])]);
      expect(await fixture.token.read.balanceOf([newAccount.address])).to.equal(0n);
    });

    it("refuses a replayed operation (same nonce)", async () => {
      const operation = await prepareSponsoredOperation(fixture, account, [payMerchant(1000n)]);
      await sendAndExpectSuccess(fixture, [operation]);
      await expectRefused([operation], "AA25 invalid account nonce");
      expect(await fixture.token.read.balanceOf([merchant])).to.equal(1001n);
    });

    it("refuses an operation signed for another chain id", async () => {
      const operation = await prepareSponsoredOperation(fixture, account, [payMerchant(1000n)], { signChainId: 1 });
      await expectRefused([operation], "AA24 signature error");
    });

    it("refuses an expired sponsorship", async () => {
      const { timestamp } = await fixture.publicClient.getBlock();
      const operation = await prepareSponsoredOperation(fixture, account, [payMerchant(1000n)], {
        validUntil: Number(timestamp) - 1,
      });
      await expectRefused([operation], "AA32 paymaster expired or not due");
    });

    it("refuses a sponsorship that is not valid yet", async () => {
      const { timestamp } = await fixture.publicClient.getBlock();
      const operation = await prepareSponsoredOperation(fixture, account, [payMerchant(1000n)], {
        validAfter: Number(timestamp) + 600,
      });
      await expectRefused([operation], "AA32 paymaster expired or not due");
    });

    it("refuses sponsorships of a rotated-out sponsor key and accepts the new key", async () => {
      const newSponsorKey = privateKeyToAccount(generatePrivateKey());
      await fixture.paymaster.write.rotateSigner([newSponsorKey.address]);
      const byOldKey = await prepareSponsoredOperation(fixture, account, [payMerchant(1000n)]);
      await expectRefused([byOldKey], "AA34 signature error");
      await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, account, [payMerchant(1000n)], { sponsorSigner: newSponsorKey }),
      ]);
      expect(await fixture.token.read.balanceOf([merchant])).to.equal(1001n);
    });

    it("refuses a sponsorship signed by a key other than the sponsor key", async () => {
      const operation = await prepareSponsoredOperation(fixture, account, [payMerchant(1000n)], {
        sponsorSigner: privateKeyToAccount(generatePrivateKey()),
      });
      await expectRefused([operation], "AA34 signature error");
    });
  });
}
