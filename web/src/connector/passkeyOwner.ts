// The passkey as a viem WebAuthnAccount (the owner `toPaykeyAccount` signs with): `sign({ hash })` asks the
// authenticator for an assertion whose challenge is the hash, restricted to this device's credential, with
// user verification. Same contract as viem's toWebAuthnAccount, without bundling a curve library.
import { type Hex, bytesToHex, hashMessage, hashTypedData, hexToBytes } from "viem";
import type { WebAuthnAccount } from "viem/account-abstraction";
import { derToRawSignature } from "./p256Der.ts";
import { base64UrlToBytes, passkeyCeremony } from "./webauthn.ts";

export function toPasskeyOwner({ credentialId, publicKey, rpId }: { credentialId: string; publicKey: Hex; rpId: string }): WebAuthnAccount {
  async function sign({ hash }: { hash: Hex }) {
    const credential = await passkeyCeremony((credentials) =>
      credentials.get({
        publicKey: {
          challenge: hexToBytes(hash) as Uint8Array<ArrayBuffer>,
          allowCredentials: [{ id: base64UrlToBytes(credentialId), type: "public-key" }],
          rpId,
          userVerification: "required",
          timeout: 120_000,
        },
      }),
    );
    const response = credential.response as AuthenticatorAssertionResponse;
    const clientDataJSON = new TextDecoder().decode(response.clientDataJSON);
    return {
      signature: derToRawSignature(new Uint8Array(response.signature)),
      webauthn: {
        authenticatorData: bytesToHex(new Uint8Array(response.authenticatorData)),
        clientDataJSON,
        userVerificationRequired: true,
      },
      raw: credential as never,
    };
  }
  return {
    id: credentialId,
    publicKey,
    type: "webAuthn",
    sign,
    signMessage: ({ message }) => sign({ hash: hashMessage(message) }),
    signTypedData: (typedData) => sign({ hash: hashTypedData(typedData as never) }),
  };
}
