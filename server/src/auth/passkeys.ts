// The P-256 public key of a passkey, taken from its COSE encoding with SimpleWebAuthn's
// helpers (no hand-rolled CBOR). The smart account verifies exactly this (x, y) on-chain.
import { cose, decodeCredentialPublicKey } from "@simplewebauthn/server/helpers";
import { bytesToHex, type Hex } from "viem";
import { AuthError } from "./errors.ts";

export type PasskeyPublicKey = { x: Hex; y: Hex };

export function passkeyPublicKey(cosePublicKey: Uint8Array): PasskeyPublicKey {
  let key: ReturnType<typeof decodeCredentialPublicKey>;
  try {
    key = decodeCredentialPublicKey(new Uint8Array(cosePublicKey));
  } catch (cause) {
    throw new AuthError("unsupported_key", "The passkey's public key cannot be read.", { cause });
  }
  if (!cose.isCOSEPublicKeyEC2(key)) throw new AuthError("unsupported_key", "Only P-256 passkeys are supported.");
  const crv = key.get(cose.COSEKEYS.crv);
  const alg = key.get(cose.COSEKEYS.alg);
  const x = key.get(cose.COSEKEYS.x);
  const y = key.get(cose.COSEKEYS.y);
  if (crv !== cose.COSECRV.P256 || alg !== cose.COSEALG.ES256 || x?.length !== 32 || y?.length !== 32) {
    throw new AuthError("unsupported_key", "Only P-256 (ES256) passkeys are supported.");
  }
  return { x: bytesToHex(x), y: bytesToHex(y) };
}
