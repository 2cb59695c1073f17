// Passkey public keys: viem's WebAuthnAccount carries `x || y` (64 bytes); browsers' SPKI export and some
// libraries add the 0x04 prefix (65 bytes). The account stores and names a passkey by `(x, y)`.
import { type Hex, concatHex, isHex, size, sliceHex } from "viem";
import { InvalidPasskeyPublicKeyError } from "./errors.ts";

/** A P-256 public key as the account stores it: 32-byte hex coordinates. */
export type PasskeyPublicKey = { x: Hex; y: Hex };

export type ParsePasskeyPublicKeyParameters = Hex | PasskeyPublicKey;
export type ParsePasskeyPublicKeyReturnType = PasskeyPublicKey;

const p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const a = p - 3n;
const b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

/** Whether `(x, y)` satisfies the P-256 curve equation (what the contract checks with `P256.isValidPublicKey`). */
export function isP256Point({ x, y }: PasskeyPublicKey): boolean {
  const X = BigInt(x);
  const Y = BigInt(y);
  if (X >= p || Y >= p) return false;
  return (Y * Y) % p === (((X * X * X + a * X + b) % p) + p) % p;
}

/** Splits a 64- or 65-byte public key into coordinates and checks it is a P-256 point. */
export function parsePasskeyPublicKey(publicKey: ParsePasskeyPublicKeyParameters): ParsePasskeyPublicKeyReturnType {
  const key = typeof publicKey === "string" ? split(publicKey) : publicKey;
  if (!isP256Point(key)) {
    throw new InvalidPasskeyPublicKeyError({ publicKey: concatHex([key.x, key.y]), reason: "not on the P-256 curve" });
  }
  return key;
}

/** The 64-byte `x || y` form (what viem's `toWebAuthnAccount` and ERC-7913 verifiers use). */
export function serializePasskeyPublicKey(publicKey: ParsePasskeyPublicKeyParameters): Hex {
  const { x, y } = parsePasskeyPublicKey(publicKey);
  return concatHex([x, y]);
}

function split(publicKey: Hex): PasskeyPublicKey {
  if (!isHex(publicKey, { strict: true })) {
    throw new InvalidPasskeyPublicKeyError({ publicKey, reason: "not hex" });
  }
  const length = size(publicKey);
  if (length === 65 && publicKey.slice(2, 4) === "04") return split(`0x${publicKey.slice(4)}`);
  if (length !== 64) {
    throw new InvalidPasskeyPublicKeyError({ publicKey, reason: `expected 64 or 65 bytes, got ${length}` });
  }
  return { x: sliceHex(publicKey, 0, 32), y: sliceHex(publicKey, 32, 64) };
}
