// Whether the chain has the P-256 precompile (RIP-7212 / EIP-7951 at 0x100). Passkey stub
// signatures stop before the curve check, so gas estimates add what verification really
// costs: a few thousand gas with the precompile, ~300k with OpenZeppelin's Solidity fallback.
import { p256 } from "@noble/curves/nist.js";
import { bytesToHex, concat, keccak256, numberToHex, toHex, type PublicClient } from "viem";

const precompile = "0x0000000000000000000000000000000000000100";

export const passkeyVerificationGas = { precompile: 10_000n, fallback: 300_000n } as const;

function testVector() {
  const secretKey = new Uint8Array(32).fill(7);
  const hash = keccak256(toHex("paykey p256 probe"));
  const signature = p256.Signature.fromBytes(p256.sign(new Uint8Array(Buffer.from(hash.slice(2), "hex")), secretKey, { prehash: false }));
  const point = p256.getPublicKey(secretKey, false);
  return concat([hash, numberToHex(signature.r, { size: 32 }), numberToHex(signature.s, { size: 32 }), bytesToHex(point.slice(1, 33)), bytesToHex(point.slice(33))]);
}

export async function verificationSurcharge(client: PublicClient): Promise<bigint> {
  const result = await client.call({ to: precompile, data: testVector() }).catch(() => undefined);
  return result?.data && BigInt(result.data) === 1n ? passkeyVerificationGas.precompile : passkeyVerificationGas.fallback;
}
