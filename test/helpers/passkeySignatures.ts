// Raw edits of an encoded PaykeyAccount passkey signature, for refusal tests: the wallet module always
// produces well-formed, low-s signatures, so attacks and authenticator quirks are built here, bypassing it.
import { p256 } from "@noble/curves/nist.js";
import { type Hex, concatHex, encodeAbiParameters, numberToHex } from "viem";
import { type DecodePasskeySignatureReturnType, decodePasskeySignature } from "@paykey/sdk/wallet";

const curveOrder = p256.Point.CURVE().n;

type SignatureParts = Pick<
  DecodePasskeySignatureReturnType,
  "publicKeyX" | "r" | "s" | "challengeIndex" | "typeIndex" | "authenticatorData" | "clientDataJSON"
>;

/** Encodes the parts exactly as given (no s normalisation, no index search). */
export function encodeRawPasskeySignature(parts: SignatureParts): Hex {
  return concatHex([
    parts.publicKeyX,
    encodeAbiParameters(
      [
        { type: "bytes32" },
        { type: "bytes32" },
        { type: "uint256" },
        { type: "uint256" },
        { type: "bytes" },
        { type: "string" },
      ],
      [
        numberToHex(parts.r, { size: 32 }),
        numberToHex(parts.s, { size: 32 }),
        BigInt(parts.challengeIndex),
        BigInt(parts.typeIndex),
        parts.authenticatorData,
        parts.clientDataJSON,
      ],
    ),
  ]);
}

/** Re-encodes `signature` after `edit` changed some of its parts. */
export function editPasskeySignature(signature: Hex, edit: (parts: SignatureParts) => Partial<SignatureParts>): Hex {
  const parts = decodePasskeySignature(signature);
  return encodeRawPasskeySignature({ ...parts, ...edit(parts) });
}

/** The same signature with s replaced by n - s: still a valid ECDSA signature, but the high-s form. */
export function toHighS(signature: Hex): Hex {
  return editPasskeySignature(signature, ({ s }) => ({ s: s > curveOrder / 2n ? s : curveOrder - s }));
}

/** Flips one bit of the authenticatorData's rpIdHash (the signature no longer covers it). */
export function tamperAuthenticatorData(signature: Hex): Hex {
  return editPasskeySignature(signature, ({ authenticatorData }) => {
    const flipped = (Number.parseInt(authenticatorData.slice(2, 4), 16) ^ 0x01).toString(16).padStart(2, "0");
    return { authenticatorData: `0x${flipped}${authenticatorData.slice(4)}` as Hex };
  });
}

/** Rewrites the clientDataJSON origin (as a phishing page would present it); the challenge stays intact. */
export function tamperClientDataJSON(signature: Hex): Hex {
  return editPasskeySignature(signature, ({ clientDataJSON }) => ({
    clientDataJSON: clientDataJSON.replace(/"origin":"[^"]*"/, '"origin":"https://evil.example"'),
  }));
}

/** Malformed encodings of a passkey signature (every byte after qx is the flat ABI encoding), by what is wrong. */
export function malformedPasskeySignatures(signature: Hex): Record<string, Hex> {
  const qx = signature.slice(0, 66);
  const body = signature.slice(66);
  const word = (index: number, value: bigint) =>
    `${qx}${body.slice(0, index * 64)}${value.toString(16).padStart(64, "0")}${body.slice((index + 1) * 64)}` as Hex;
  const bodyBytes = BigInt(body.length / 2);
  return {
    empty: "0x",
    "shorter than qx": qx.slice(0, 64) as Hex,
    "only qx": qx as Hex,
    "head cut short": `${qx}${body.slice(0, 0xbf * 2)}` as Hex,
    "authenticatorData offset past the end": word(4, bodyBytes),
    "clientDataJSON offset past the end": word(5, bodyBytes - 31n),
    "authenticatorData length past the end": word(Number(BigInt(`0x${body.slice(4 * 64, 5 * 64)}`) / 32n), bodyBytes),
    "clientDataJSON length past the end": word(Number(BigInt(`0x${body.slice(5 * 64, 6 * 64)}`) / 32n), bodyBytes),
    "clientDataJSON bytes cut off": `${qx}${body.slice(0, body.length - 64)}` as Hex,
  };
}
