// Encodes a WebAuthn assertion into the signature PaykeyAccount verifies:
//   qx (32 bytes) || abi.encode(bytes32 r, bytes32 s, uint256 challengeIndex, uint256 typeIndex,
//                               bytes authenticatorData, string clientDataJSON)
// — OpenZeppelin's flat `WebAuthn.WebAuthnAuth` encoding behind the x coordinate of the signing passkey.
// OpenZeppelin rejects high-s signatures; authenticators return high s about half the time, so s is
// normalised to n - s here (the same signature, the other of its two valid encodings).
import { p256 } from "@noble/curves/nist.js";
import {
  type Hex,
  bytesToHex,
  concatHex,
  decodeAbiParameters,
  encodeAbiParameters,
  hexToBytes,
  numberToHex,
  size,
  sliceHex,
} from "viem";
import { InvalidPasskeySignatureError } from "./errors.ts";
import { type PasskeyPublicKey, parsePasskeyPublicKey } from "./publicKey.ts";

/** What a WebAuthn `get()` returns besides the signature (viem's `WebAuthnData`, ox's `SignMetadata`). */
export type PasskeyAssertion = {
  /** authenticatorData as hex: rpIdHash (32) || flags (1) || signCount (4) || extensions. */
  authenticatorData: Hex;
  /** The exact clientDataJSON string the authenticator signed. */
  clientDataJSON: string;
  /** Index of `"challenge":"` in clientDataJSON; found when omitted. */
  challengeIndex?: number | undefined;
  /** Index of `"type":"webauthn.get"` in clientDataJSON; found when omitted. */
  typeIndex?: number | undefined;
};

/** A P-256 signature: `r || s` hex (64 bytes, or 65 with a recovery byte), DER hex, or the two scalars. */
export type P256SignatureInput = Hex | { r: bigint; s: bigint };

const webAuthnAuthParameters = [
  { name: "r", type: "bytes32" },
  { name: "s", type: "bytes32" },
  { name: "challengeIndex", type: "uint256" },
  { name: "typeIndex", type: "uint256" },
  { name: "authenticatorData", type: "bytes" },
  { name: "clientDataJSON", type: "string" },
] as const;

const curveOrder = p256.Point.CURVE().n;

/** Parses a P-256 signature given as raw `r || s`, DER, or scalars. */
export function parseP256Signature(signature: P256SignatureInput): { r: bigint; s: bigint } {
  if (typeof signature !== "string") return signature;
  const length = size(signature);
  if (length === 64 || length === 65) {
    return { r: BigInt(sliceHex(signature, 0, 32)), s: BigInt(sliceHex(signature, 32, 64)) };
  }
  try {
    const parsed = p256.Signature.fromBytes(hexToBytes(signature), "der");
    return { r: parsed.r, s: parsed.s };
  } catch (error) {
    throw new InvalidPasskeySignatureError({
      reason: `expected 64-byte r||s or a DER signature, got ${length} bytes`,
      cause: error as Error,
    });
  }
}

/** Returns the low-s form of a P-256 signature (s <= n/2), which OpenZeppelin's P256 requires. */
export function normalizeP256Signature({ r, s }: { r: bigint; s: bigint }): { r: bigint; s: bigint } {
  if (r <= 0n || r >= curveOrder || s <= 0n || s >= curveOrder) {
    throw new InvalidPasskeySignatureError({ reason: "r or s is outside [1, n-1]" });
  }
  return { r, s: s > curveOrder / 2n ? curveOrder - s : s };
}

export type EncodeWebAuthnAuthParameters = { signature: P256SignatureInput; webauthn: PasskeyAssertion };
export type EncodeWebAuthnAuthReturnType = Hex;

/**
 * The flat `abi.encode(r, s, challengeIndex, typeIndex, authenticatorData, clientDataJSON)` that OpenZeppelin's
 * `WebAuthn.tryDecodeAuth` and `ERC7913WebAuthnVerifier` read (a passkey guardian's signature uses it as is).
 */
export function encodeWebAuthnAuth({ signature, webauthn }: EncodeWebAuthnAuthParameters): EncodeWebAuthnAuthReturnType {
  const { r, s } = normalizeP256Signature(parseP256Signature(signature));
  const { clientDataJSON } = webauthn;
  const challengeIndex = webauthn.challengeIndex ?? clientDataJSON.indexOf('"challenge":"');
  const typeIndex = webauthn.typeIndex ?? clientDataJSON.indexOf('"type":"webauthn.get"');
  if (challengeIndex < 0 || typeIndex < 0) {
    throw new InvalidPasskeySignatureError({ reason: "clientDataJSON has no challenge or no webauthn.get type" });
  }
  return encodeAbiParameters(webAuthnAuthParameters, [
    numberToHex(r, { size: 32 }),
    numberToHex(s, { size: 32 }),
    BigInt(challengeIndex),
    BigInt(typeIndex),
    webauthn.authenticatorData,
    clientDataJSON,
  ]);
}

export type EncodePasskeySignatureParameters = EncodeWebAuthnAuthParameters & {
  /** The signing passkey's public key (its x coordinate names it to the account). */
  publicKey: Hex | PasskeyPublicKey;
};
export type EncodePasskeySignatureReturnType = Hex;

/** The signature PaykeyAccount verifies for user operations and (inside ERC-7739 wrapping) ERC-1271. */
export function encodePasskeySignature(parameters: EncodePasskeySignatureParameters): EncodePasskeySignatureReturnType {
  const { x } = parsePasskeyPublicKey(parameters.publicKey);
  return concatHex([x, encodeWebAuthnAuth(parameters)]);
}

export type DecodePasskeySignatureReturnType = {
  /** x coordinate of the signing passkey. */
  publicKeyX: Hex;
  r: bigint;
  s: bigint;
  challengeIndex: number;
  typeIndex: number;
  authenticatorData: Hex;
  clientDataJSON: string;
  /** Parsed clientDataJSON: what the relayer checks (origin, challenge) since the chain does not check origin. */
  clientData: { type?: string; challenge?: string; origin?: string; crossOrigin?: boolean };
  /** sha256 of the RP ID the authenticator used (the relayer compares it with its own). */
  rpIdHash: Hex;
  /** authenticatorData flags: user present, user verified, backup eligible, backup state. */
  flags: { userPresent: boolean; userVerified: boolean; backupEligible: boolean; backupState: boolean };
};

/** Splits a PaykeyAccount passkey signature into its parts (for the relayer's origin/rpId checks and for tests). */
export function decodePasskeySignature(signature: Hex): DecodePasskeySignatureReturnType {
  try {
    const publicKeyX = sliceHex(signature, 0, 32);
    const [r, s, challengeIndex, typeIndex, authenticatorData, clientDataJSON] = decodeAbiParameters(
      webAuthnAuthParameters,
      sliceHex(signature, 32),
    );
    const flagsByte = hexToBytes(authenticatorData)[32] ?? 0;
    return {
      publicKeyX,
      r: BigInt(r),
      s: BigInt(s),
      challengeIndex: Number(challengeIndex),
      typeIndex: Number(typeIndex),
      authenticatorData,
      clientDataJSON,
      clientData: JSON.parse(clientDataJSON) as DecodePasskeySignatureReturnType["clientData"],
      rpIdHash: bytesToHex(hexToBytes(authenticatorData).slice(0, 32)),
      flags: {
        userPresent: (flagsByte & 0x01) !== 0,
        userVerified: (flagsByte & 0x04) !== 0,
        backupEligible: (flagsByte & 0x08) !== 0,
        backupState: (flagsByte & 0x10) !== 0,
      },
    };
  } catch (error) {
    throw new InvalidPasskeySignatureError({ reason: "not a PaykeyAccount passkey signature", cause: error as Error });
  }
}
