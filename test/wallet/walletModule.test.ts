// The wallet module's public API against a real chain: counterfactual address (offline and from the factory),
// call encoding, payment and device calls, input errors, and the viem SmartAccount driven by viem's own
// bundler-client `prepareUserOperation` (gas given, paymaster local) and sent through handleOps.
import { expect } from "chai";
import { type Hex, createClient, getAddress, custom, decodeFunctionData, erc20Abi, keccak256, toHex, zeroHash } from "viem";
import { createBundlerClient, toPackedUserOperation } from "viem/account-abstraction";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import { buildPaymentCalls, noDiscount, type PaymentTerms } from "@paykey/sdk/wallet";
import { canonicalEntryPointAddress } from "@paykey/sdk/wallet";
import { decodeExecuteCalls, encodeExecuteCalls } from "@paykey/sdk/wallet";
import { decodePasskeySignature } from "@paykey/sdk/wallet";
import {
  InvalidPasskeyPublicKeyError,
  InvalidPasskeySignatureError,
  MissingPayerAmountError,
} from "@paykey/sdk/wallet";
import {
  getPaykeyAccountAddress,
  getPaykeyAccountImplementationAddress,
} from "@paykey/sdk/wallet";
import { normalizeP256Signature } from "@paykey/sdk/wallet";
import { parsePasskeyPublicKey } from "@paykey/sdk/wallet";
import { createLocalSponsorPaymaster } from "@paykey/sdk/wallet";
import {
  createSoftwarePasskey, deployWalletFixture, operationOutcomes, paykeyAccountOf, testOperationGas,
  tokenTransferCall, walletNetworks,
} from "../helpers/wallet.ts";

describe("wallet module: pure helpers", () => {
  const payer = getAddress("0x00000000000000000000000000000000000000a1");
  const terms: PaymentTerms = {
    merchantId: 7n,
    payer,
    token: getAddress("0x00000000000000000000000000000000000000b2"),
    amount: 25_000_000n,
    feeBps: 100,
    authorizationExpiry: 1_900_000_000,
    refundDeadline: 1_902_592_000,
    orderRef: keccak256(toHex("order-1")),
    lineItemsHash: keccak256(toHex("items-1")),
    salt: 1n,
  };
  const escrowAddress = getAddress("0x00000000000000000000000000000000000000c3");

  it("builds approve(exact amount) + authorize, or + charge, for the escrow", () => {
    const [approve, authorize] = buildPaymentCalls({ escrowAddress, terms });
    expect(approve.to).to.equal(terms.token);
    expect(decodeFunctionData({ abi: erc20Abi, data: approve.data ?? "0x" }).args).to.deep.equal([escrowAddress, 25_000_000n]);
    expect(authorize.to).to.equal(escrowAddress);
    const decoded = decodeFunctionData({ abi: iPaymentEscrowAbi, data: authorize.data ?? "0x" });
    expect(decoded.functionName).to.equal("authorize");
    expect(decoded.args?.[0]).to.deep.equal(terms);

    const [, charge] = buildPaymentCalls({ escrowAddress, terms, operation: "charge" });
    expect(decodeFunctionData({ abi: iPaymentEscrowAbi, data: charge.data ?? "0x" }).functionName).to.equal("charge");
  });

  it("requires the discounted payer amount when points or a coupon apply", () => {
    const discount = { ...noDiscount, points: 500n };
    expect(() => buildPaymentCalls({ escrowAddress, terms, discount })).to.throw(MissingPayerAmountError);
    const [approve] = buildPaymentCalls({ escrowAddress, terms, discount, payerAmount: 24_999_500n });
    expect(decodeFunctionData({ abi: erc20Abi, data: approve.data ?? "0x" }).args?.[1]).to.equal(24_999_500n);
  });

  it("defaults to the canonical EntryPoint v0.8 address (also checked against OpenZeppelin and eth-infinitism in Solidity)", () => {
    expect(canonicalEntryPointAddress).to.equal("0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108");
  });

  it("round-trips ERC-7821 batches", () => {
    const calls = [
      { to: terms.token, data: "0x1234" as Hex, value: 0n },
      { to: escrowAddress, data: "0x" as Hex, value: 5n },
    ];
    expect(decodeExecuteCalls(encodeExecuteCalls(calls))).to.deep.equal(calls);
  });

  it("accepts 64- and 65-byte public keys and refuses points off the curve", () => {
    const passkey = createSoftwarePasskey();
    const prefixed = `0x04${passkey.publicKey.slice(2)}` as Hex;
    expect(parsePasskeyPublicKey(prefixed)).to.deep.equal(parsePasskeyPublicKey(passkey.publicKey));
    const offCurve = `${passkey.publicKey.slice(0, -2)}${passkey.publicKey.endsWith("00") ? "01" : "00"}` as Hex;
    expect(() => parsePasskeyPublicKey(offCurve)).to.throw(InvalidPasskeyPublicKeyError);
    expect(() => parsePasskeyPublicKey("0x1234")).to.throw(InvalidPasskeyPublicKeyError);
  });

  it("refuses signature scalars outside [1, n-1]", () => {
    expect(() => normalizeP256Signature({ r: 0n, s: 1n })).to.throw(InvalidPasskeySignatureError);
    expect(() => decodePasskeySignature("0x1234")).to.throw(InvalidPasskeySignatureError);
  });
});

for (const networkName of walletNetworks) {
  describe(`wallet module on a chain (${networkName})`, () => {
    it("computes the counterfactual address offline, as the factory does, where the account deploys", async () => {
      const fixture = await deployWalletFixture(networkName);
      expect(getPaykeyAccountImplementationAddress(fixture.factory.address)).to.equal(
        await fixture.factory.read.accountImplementation(),
      );
      const passkey = createSoftwarePasskey();
      const { x, y } = parsePasskeyPublicKey(passkey.publicKey);
      for (const salt of [0n, 1n, 2n ** 200n]) {
        const offline = getPaykeyAccountAddress({ factoryAddress: fixture.factory.address, publicKey: passkey.publicKey, salt });
        expect(offline).to.equal(await fixture.factory.read.getAddress([x, y, salt]));
        expect((await paykeyAccountOf(fixture, passkey, { salt })).address).to.equal(offline);
      }
      await fixture.factory.write.createAccount([x, y, 0n]);
      const deployed = getPaykeyAccountAddress({ factoryAddress: fixture.factory.address, publicKey: passkey.publicKey });
      expect(await (await fixture.accountAt(deployed)).read.isPasskey([x, y])).to.equal(true);
    });

    it("exposes a viem SmartAccount that viem's bundler client prepares and the EntryPoint executes", async () => {
      const fixture = await deployWalletFixture(networkName);
      const passkey = createSoftwarePasskey();
      const account = await paykeyAccountOf(fixture, passkey);
      await fixture.token.write.mint([account.address, 900n]);
      expect(await account.isDeployed()).to.equal(false);
      const { factory, factoryData } = await account.getFactoryArgs();
      expect(factory).to.equal(fixture.factory.address);
      expect(factoryData).to.match(/^0x/);
      expect(await account.getNonce()).to.equal(0n);
      const stub = decodePasskeySignature(await account.getStubSignature());
      expect(stub.publicKeyX).to.equal(account.passkey.x);

      // No bundler server exists yet: the transport refuses every bundler RPC, so everything
      // below is computed locally by viem, the wallet module and the local sponsor paymaster.
      const bundlerClient = createBundlerClient({
        client: fixture.publicClient,
        account,
        transport: custom({
          async request({ method }) {
            throw new Error(`no bundler: ${method}`);
          },
        }),
        paymaster: createLocalSponsorPaymaster({
          paymasterAddress: fixture.paymaster.address,
          signer: fixture.sponsorSigner,
          now: async () => Number((await fixture.publicClient.getBlock()).timestamp),
        }),
      });
      const prepared = await bundlerClient.prepareUserOperation({
        calls: [tokenTransferCall(fixture.token.address, fixture.merchant.account.address, 900n)],
        callGasLimit: testOperationGas.callGasLimit,
        verificationGasLimit: testOperationGas.verificationGasLimit,
        preVerificationGas: testOperationGas.preVerificationGas,
        maxFeePerGas: testOperationGas.maxFeePerGas,
        maxPriorityFeePerGas: testOperationGas.maxPriorityFeePerGas,
      });
      expect(prepared.factory).to.equal(fixture.factory.address);
      expect(prepared.paymaster).to.equal(fixture.paymaster.address);
      const signature = await account.signUserOperation(prepared);
      const hash = await fixture.entryPointAsExecutor.write.handleOps([
        [toPackedUserOperation({ ...prepared, signature })],
        fixture.executor.account.address,
      ]);
      const { outcomes } = await operationOutcomes(fixture, hash);
      expect(outcomes.map((outcome) => outcome.success)).to.deep.equal([true]);
      expect(await fixture.token.read.balanceOf([fixture.merchant.account.address])).to.equal(900n);
      expect(await account.isDeployed()).to.equal(true);
      expect(await account.getFactoryArgs()).to.deep.equal({ factory: undefined, factoryData: undefined });
      expect(await account.getNonce()).to.equal(1n);
      expect(zeroHash).to.not.equal(signature);
    });

    it("refuses a client without a chain", async () => {
      const fixture = await deployWalletFixture(networkName);
      const chainless = createClient({ transport: custom({ request: async () => null }) });
      const error = await paykeyAccountOf({ ...fixture, publicClient: chainless } as never, createSoftwarePasskey()).catch(
        (caught: Error) => caught,
      );
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).name).to.equal("UnsupportedChainError");
    });
  });
}
