// The relayer's WebAssembly keccak-256 (server/src/keccak.ts) against viem's, and what rests on
// it: bundle transactions signed as viem's signTransaction signs them, and the packed
// operation's calldata gas counted on its hex text as on its bytes.
import { expect } from "chai";
import fc from "fast-check";
import { bytesToHex, hexToBytes, keccak256 as viemKeccak256, parseGwei, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { UserOperation } from "viem/account-abstraction";
import { encodePackedUserOperation } from "@paykey/sdk/wallet";
import { keccak256 } from "../../server/src/keccak.ts";
import { signAttempt } from "../../server/src/executor/transactions.ts";
import { preVerificationGasFor } from "../../server/src/executor/simulation.ts";

const hexBytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((bytes) => bytesToHex(bytes));
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => bytesToHex(bytes));
const uint = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });

describe("relayer: keccak-256 in WebAssembly", function () {
  it("equals viem's keccak256 on any bytes, up to a bundle's size", function () {
    fc.assert(
      fc.property(hexBytes(2_000), (data) => {
        expect(keccak256(data)).to.equal(viemKeccak256(data));
      }),
      { numRuns: 300 },
    );
    const bundle = bytesToHex(new Uint8Array(60_000).map((_, index) => (index * 7919) % 256));
    expect(keccak256(bundle)).to.equal(viemKeccak256(bundle));
    expect(keccak256("0x")).to.equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  });

  it("leaves malformed hex to viem: the same answer or the same refusal", function () {
    for (const data of ["0xabc", "0xzz", "0x12g4", "0xABCDEF"] as Hex[]) {
      const expected = (() => {
        try {
          return viemKeccak256(data);
        } catch (error) {
          return (error as Error).message;
        }
      })();
      const actual = (() => {
        try {
          return keccak256(data);
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(actual, data).to.equal(expected);
    }
  });

  it("signs a bundle transaction to the same bytes and hash as viem's signTransaction", async function () {
    const account = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    await fc.assert(
      fc.asyncProperty(hexBytes(4_000), fc.nat({ max: 1_000_000 }), uint(24), uint(40), async (data, nonce, gas, tip) => {
        const fees = { maxFeePerGas: parseGwei("2") + tip, maxPriorityFeePerGas: tip };
        const entryPoint = "0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108";
        const attempt = await signAttempt(account, { chainId: 31337, entryPoint, data, nonce, gas, fees });
        const raw = await account.signTransaction({ type: "eip1559", chainId: 31337, to: entryPoint, data, nonce, gas, value: 0n, ...fees });
        expect(attempt.raw).to.equal(raw);
        expect(attempt.hash).to.equal(viemKeccak256(raw));
      }),
      { numRuns: 40 },
    );
  });

  it("counts the packed operation's calldata gas as its bytes do (4 per zero byte, 16 per other)", function () {
    const operation = fc.record({
      sender: address,
      nonce: uint(256),
      callData: hexBytes(1_500),
      callGasLimit: uint(128),
      verificationGasLimit: uint(128),
      preVerificationGas: uint(64),
      maxFeePerGas: uint(128),
      maxPriorityFeePerGas: uint(128),
      signature: hexBytes(300),
    });
    fc.assert(
      fc.property(operation, (op) => {
        let calldataGas = 0n;
        for (const byte of hexToBytes(encodePackedUserOperation(op as UserOperation<"0.8">))) calldataGas += byte === 0 ? 4n : 16n;
        expect(preVerificationGasFor(op as UserOperation<"0.8">)).to.equal(21_000n + 18_300n + calldataGas);
      }),
      { numRuns: 200 },
    );
  });
});
