// ERC-1271 for passkey-signed messages and typed data, through ERC-7739's replay-safe nesting: valid for the
// signing account on its chain only. Before deployment viem wraps the signature in ERC-6492. On both networks.
import { expect } from "chai";
import { type Hex, hashMessage, hashTypedData } from "viem";
import { localChainId } from "@paykey/sdk/chain";
import { encodePasskeySignature, getReplaySafeMessageHash, type ToPaykeyAccountReturnType } from "@paykey/sdk/wallet";
import {
  createSoftwarePasskey, deployWalletFixture, paykeyAccountOf, prepareSponsoredOperation, sendAndExpectSuccess,
  type SoftwarePasskey, tamperClientDataJSON, toHighS, tokenTransferCall, type WalletFixture, walletNetworks,
} from "../helpers/wallet.ts";

const magicValue = "0x1626ba7e";
const invalidValue = "0xffffffff";

const refundRequest = {
  domain: { name: "Paykey Escrow", version: "1", chainId: localChainId, verifyingContract: "0x00000000000000000000000000000000000e5c70" },
  types: {
    RefundRequest: [
      { name: "paymentId", type: "bytes32" },
      { name: "amount", type: "uint256" },
    ],
  },
  primaryType: "RefundRequest",
  message: { paymentId: `0x${"ab".repeat(32)}`, amount: 1_250_000n },
} as const;

for (const networkName of walletNetworks) {
  describe(`ERC-1271 passkey signatures (${networkName})`, () => {
    let fixture: WalletFixture;
    let passkey: SoftwarePasskey;
    let account: ToPaykeyAccountReturnType;
    const message = "Paykey: sign in to wallet.paykey.example at 2025-01-01T00:00:00Z";

    async function deploy(target: ToPaykeyAccountReturnType) {
      await sendAndExpectSuccess(fixture, [
        await prepareSponsoredOperation(fixture, target, [tokenTransferCall(fixture.token.address, target.address, 0n)]),
      ]);
    }

    async function isValidSignature(target: ToPaykeyAccountReturnType, hash: Hex, signature: Hex) {
      return (await fixture.accountAt(target.address)).read.isValidSignature([hash, signature]);
    }

    before(async () => {
      fixture = await deployWalletFixture(networkName);
      passkey = createSoftwarePasskey();
      account = await paykeyAccountOf(fixture, passkey);
    });

    it("verifies a message signed before deployment (ERC-6492) and after it (ERC-1271)", async () => {
      const counterfactual = await account.signMessage({ message });
      expect(await fixture.publicClient.verifyMessage({ address: account.address, message, signature: counterfactual })).to.equal(true);

      await deploy(account);
      const signature = await account.signMessage({ message });
      expect(signature).to.not.equal(counterfactual);
      expect(await isValidSignature(account, hashMessage(message), signature)).to.equal(magicValue);
      expect(await fixture.publicClient.verifyMessage({ address: account.address, message, signature })).to.equal(true);
      expect(await isValidSignature(account, hashMessage(`${message}!`), signature)).to.equal(invalidValue);
      expect(await isValidSignature(account, hashMessage(message), tamperClientDataJSON(signature))).to.equal(invalidValue);
      // The same ECDSA signature in its high-s form, given to the contract directly: refused (malleability).
      expect(await isValidSignature(account, hashMessage(message), toHighS(signature))).to.equal(invalidValue);
    });

    it("verifies typed data through ERC-7739's nested TypedDataSign", async () => {
      const signature = await account.signTypedData(refundRequest);
      expect(await isValidSignature(account, hashTypedData(refundRequest), signature)).to.equal(magicValue);
      expect(await fixture.publicClient.verifyTypedData({ address: account.address, ...refundRequest, signature })).to.equal(true);
      const otherAmount = { ...refundRequest, message: { ...refundRequest.message, amount: 1n } };
      expect(await isValidSignature(account, hashTypedData(otherAmount), signature)).to.equal(invalidValue);
    });

    it("refuses a signature of the same passkey made for another of its accounts", async () => {
      const sibling = await paykeyAccountOf(fixture, passkey, { salt: 1n });
      expect(sibling.address).to.not.equal(account.address);
      await deploy(sibling);
      const forSibling = await sibling.signMessage({ message });
      expect(await isValidSignature(sibling, hashMessage(message), forSibling)).to.equal(magicValue);
      expect(await isValidSignature(account, hashMessage(message), forSibling)).to.equal(invalidValue);
    });

    it("refuses a signature bound to another chain id", async () => {
      const signFor = async (chainId: number) => {
        const hash = getReplaySafeMessageHash({ account: account.address, chainId, message });
        const { signature, webauthn } = await passkey.account.sign({ hash });
        return encodePasskeySignature({ publicKey: passkey.publicKey, signature, webauthn });
      };
      expect(await isValidSignature(account, hashMessage(message), await signFor(fixture.chainId))).to.equal(magicValue);
      expect(await isValidSignature(account, hashMessage(message), await signFor(1))).to.equal(invalidValue);
    });
  });
}
