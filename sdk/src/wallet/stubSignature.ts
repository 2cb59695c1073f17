// A signature of the real shape and size for gas estimation (`getStubSignature`). It names the signing
// passkey, so validation reads the same storage as the real one, but it never verifies.
import { type Hex, concatHex, keccak256, toHex } from "viem";
import { encodePasskeySignature } from "./encodeSignature.ts";
import type { PasskeyPublicKey } from "./publicKey.ts";

// rpIdHash stand-in || flags UP|UV|BE|BS || signCount 0: the authenticatorData of a synced platform passkey.
const stubAuthenticatorData = concatHex([keccak256(toHex("paykey stub rpId")), "0x1d", "0x00000000"]);
// Same length as a browser's clientDataJSON for a 32-byte challenge and a typical https origin.
const stubClientDataJSON =
  '{"type":"webauthn.get","challenge":"c3R1YnN0dWJzdHVic3R1YnN0dWJzdHVic3R1YnN0dWI","origin":"https://wallet.paykey.example","crossOrigin":false}';

/** A well-formed, non-verifying passkey signature for `passkey`. */
export function getStubPasskeySignature(passkey: PasskeyPublicKey): Hex {
  return encodePasskeySignature({
    publicKey: passkey,
    signature: {
      r: 0x7a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9n,
      s: 0x1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90an,
    },
    webauthn: { authenticatorData: stubAuthenticatorData, clientDataJSON: stubClientDataJSON },
  });
}
