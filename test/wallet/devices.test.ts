// Several passkeys per account (one per device): added and removed only by passkey-signed operations,
// never the last one. On both networks.
import { expect } from "chai";
import { type Address, decodeErrorResult } from "viem";
import { paykeyAccountAbi } from "@paykey/sdk/contracts";
import { buildAddPasskeyCall, buildRemovePasskeyCall, parsePasskeyPublicKey, type ToPaykeyAccountReturnType } from "@paykey/sdk/wallet";
import {
  createSoftwarePasskey, operationOutcomes, paykeyAccountOf, prepareSponsoredOperation, sendAndExpectSuccess,
  sendOperations, type SoftwarePasskey, tokenTransferCall, useWalletFixture, type WalletFixture, walletNetworks,
} from "../helpers/wallet.ts";

for (const networkName of walletNetworks) {
  describe(`devices: several passkeys per account (${networkName})`, () => {
    let fixture: WalletFixture;
    let phone: SoftwarePasskey;
    let laptop: SoftwarePasskey;
    let fromPhone: ToPaykeyAccountReturnType;
    let merchant: Address;

    const payMerchant = (amount: bigint) => tokenTransferCall(fixture.token.address, merchant, amount);

    useWalletFixture(networkName, async (deployed) => {
      fixture = deployed;
      merchant = fixture.merchant.account.address;
      phone = createSoftwarePasskey();
      laptop = createSoftwarePasskey({ origin: "https://wallet.paykey.example", rpId: "paykey.example" });
      fromPhone = await paykeyAccountOf(fixture, phone);
      await fixture.token.write.mint([fromPhone.address, 1_000_000n]);
    });

    // A fresh SmartAccount per test: viem caches "deployed" once it has seen the code, and snapshots rewind it.
    beforeEach(async () => {
      fromPhone = await paykeyAccountOf(fixture, phone);
    });

    it("adds a second device in the deploying operation, and the second device then pays", async () => {
      const operation = await prepareSponsoredOperation(fixture, fromPhone, [
        buildAddPasskeyCall({ account: fromPhone.address, publicKey: laptop.publicKey }),
      ]);
      const { receipt } = await sendAndExpectSuccess(fixture, [operation]);
      const accountContract = await fixture.accountAt(fromPhone.address);
      const laptopKey = parsePasskeyPublicKey(laptop.publicKey);
      await fixture.viem.assertions.emitWithArgs(
        Promise.resolve(receipt.transactionHash),
        accountContract,
        "PasskeyAdded",
        [laptopKey.x, laptopKey.y],
      );
      expect(await accountContract.read.passkeyCount()).to.equal(2n);
      expect(await accountContract.read.isPasskey([laptopKey.x, laptopKey.y])).to.equal(true);

      // The laptop knows the account address (from the relayer), not the phone's key.
      const fromLaptop = await paykeyAccountOf(fixture, laptop, { address: fromPhone.address });
      await sendAndExpectSuccess(fixture, [await prepareSponsoredOperation(fixture, fromLaptop, [payMerchant(7000n)])]);
      expect(await fixture.token.read.balanceOf([merchant])).to.equal(7000n);
    });

    it("removes a lost device, whose signatures are then refused", async () => {
      await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, fromPhone, [
          buildAddPasskeyCall({ account: fromPhone.address, publicKey: laptop.publicKey }),
        ]),
      ]);
      const fromLaptop = await paykeyAccountOf(fixture, laptop, { address: fromPhone.address });
      const { receipt } = await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, fromLaptop, [
          buildRemovePasskeyCall({ account: fromPhone.address, publicKey: phone.publicKey }),
        ]),
      ]);
      const accountContract = await fixture.accountAt(fromPhone.address);
      const phoneKey = parsePasskeyPublicKey(phone.publicKey);
      await fixture.viem.assertions.emitWithArgs(
        Promise.resolve(receipt.transactionHash),
        accountContract,
        "PasskeyRemoved",
        [phoneKey.x, phoneKey.y],
      );
      expect(await accountContract.read.passkeyCount()).to.equal(1n);

      await fixture.viem.assertions.revertWithCustomErrorWithArgs(
        sendOperations(fixture, [await prepareSponsoredOperation(fixture, fromPhone, [payMerchant(1n)])]),
        fixture.entryPoint,
        "FailedOp",
        [0n, "AA24 signature error"],
      );
    });

    it("refuses to remove the last passkey (LastPasskey) and keeps the account usable", async () => {
      const operation = await prepareSponsoredOperation(fixture, fromPhone, [
        buildRemovePasskeyCall({ account: fromPhone.address, publicKey: phone.publicKey }),
      ]);
      const { outcomes } = await operationOutcomes(fixture, await sendOperations(fixture, [operation]));
      expect(outcomes).to.have.length(1);
      const [outcome] = outcomes;
      expect(outcome?.success).to.equal(false);
      const phoneKey = parsePasskeyPublicKey(phone.publicKey);
      const decoded = decodeErrorResult({ abi: paykeyAccountAbi, data: outcome?.revertReason ?? "0x" });
      expect(decoded.errorName).to.equal("LastPasskey");
      expect(decoded.args).to.deep.equal([phoneKey.x]);

      const accountContract = await fixture.accountAt(fromPhone.address);
      expect(await accountContract.read.passkeyCount()).to.equal(1n);
      await sendAndExpectSuccess(fixture, [await prepareSponsoredOperation(fixture, fromPhone, [payMerchant(3n)])]);
      expect(await fixture.token.read.balanceOf([merchant])).to.equal(3n);
    });

    it("refuses to add or remove a passkey by a direct call from anyone but the account", async () => {
      await sendAndExpectSuccess(fixture, [await prepareSponsoredOperation(fixture, fromPhone, [payMerchant(1n)])]);
      const laptopKey = parsePasskeyPublicKey(laptop.publicKey);
      const asOutsider = await fixture.viem.getContractAt("PaykeyAccount", fromPhone.address, {
        client: { wallet: fixture.outsider },
      });
      await fixture.viem.assertions.revertWithCustomErrorWithArgs(
        asOutsider.write.addPasskey([laptopKey.x, laptopKey.y]),
        asOutsider,
        "AccountUnauthorized",
        [fixture.outsider.account.address],
      );
      const phoneKey = parsePasskeyPublicKey(phone.publicKey);
      await fixture.viem.assertions.revertWithCustomErrorWithArgs(
        asOutsider.write.removePasskey([phoneKey.x]),
        asOutsider,
        "AccountUnauthorized",
        [fixture.outsider.account.address],
      );
    });
  });
}
