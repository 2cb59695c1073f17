// The relayer's sponsorship digest (word-by-word EIP-712, server/src/sponsor/sponsorshipHash.ts)
// against viem's hashTypedData over the SDK's getSponsorshipTypedData — the typed data
// SponsorPaymaster verifies — for arbitrary operations, with and without a factory, at the
// extremes of every packed field; and a signature over it recovers to the sponsor key.
import { expect } from "chai";
import fc from "fast-check";
import { hashTypedData, maxUint256, recoverAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { getSponsorshipTypedData } from "@paykey/sdk/wallet";
import { sponsorshipDigest } from "../../server/src/sponsor/sponsorshipHash.ts";

const maxUint128 = (1n << 128n) - 1n;
const maxUint48 = 2 ** 48 - 1;
const bytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((array) => `0x${Buffer.from(array).toString("hex")}` as Hex);
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((array) => `0x${Buffer.from(array).toString("hex")}` as Address);
const uint = (max: bigint) => fc.bigInt({ min: 0n, max });

const operation = fc.record({
  sender: address,
  nonce: uint(maxUint256),
  factory: fc.option(address, { nil: undefined }),
  factoryData: bytes(200),
  callData: bytes(2_000),
  callGasLimit: uint(maxUint128),
  verificationGasLimit: uint(maxUint128),
  preVerificationGas: uint(maxUint256),
  maxFeePerGas: uint(maxUint128),
  maxPriorityFeePerGas: uint(maxUint128),
  paymasterVerificationGasLimit: uint(maxUint128),
  paymasterPostOpGasLimit: uint(maxUint128),
});

describe("relayer: sponsorship digest", function () {
  it("equals viem's EIP-712 hash of the SDK's sponsorship typed data, for any operation and validity", function () {
    fc.assert(
      fc.property(operation, address, fc.integer({ min: 1, max: 2 ** 31 }), fc.nat({ max: maxUint48 }), fc.nat({ max: maxUint48 }), (fields, paymaster, chainId, validAfter, validUntil) => {
        const op = { ...fields, factoryData: fields.factory ? fields.factoryData : undefined, signature: "0x" as Hex };
        const expected = hashTypedData(getSponsorshipTypedData({ paymasterAddress: paymaster, chainId, userOperation: op, validAfter, validUntil }));
        expect(sponsorshipDigest(op, { paymaster, chainId, validAfter, validUntil })).to.equal(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("ignores paymaster data already on the operation (the signature goes there) and is signed as the sponsor key", async function () {
    const signer = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    const paymaster = "0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6";
    const op = {
      sender: "0x8eC2f842E8821b07EdD987C2d992f342D569892C" as Address,
      nonce: 3n,
      callData: "0xe9ae5c53" as Hex,
      callGasLimit: 100_000n,
      verificationGasLimit: 200_000n,
      preVerificationGas: 50_000n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      paymasterVerificationGasLimit: 60_000n,
      paymasterPostOpGasLimit: 0n,
      signature: "0x" as Hex,
    };
    const validity = { paymaster, chainId: 31337, validAfter: 0, validUntil: 1_900_000_000 } as const;
    const digest = sponsorshipDigest(op, validity);
    expect(sponsorshipDigest({ ...op, paymaster, paymasterData: "0x1234" }, validity)).to.equal(digest);
    expect(sponsorshipDigest({ ...op, nonce: 4n }, validity)).to.not.equal(digest);
    const signature = await signer.sign({ hash: digest });
    expect(await recoverAddress({ hash: digest, signature })).to.equal(signer.address);
    const viaTypedData = await signer.signTypedData(getSponsorshipTypedData({ paymasterAddress: paymaster, chainId: 31337, userOperation: op, validAfter: 0, validUntil: 1_900_000_000 }));
    expect(signature).to.equal(viaTypedData);
  });
});
