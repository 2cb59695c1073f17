// WebAuthn ceremonies against the relayer's auth routes, played by the wallet's software
// passkey (test/helpers/softwarePasskey.ts): the same P-256 key signs the login assertions
// here and the user operations on-chain. Registration adds what that helper does not do —
// an attestation "none" response carrying the passkey's COSE key. Each ceremony can be
// spoiled to test a refusal: another origin or RP ID, no user verification, a given sign
// counter, another challenge, another key.
import { createHash } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { sliceHex, type Hex } from "viem";
import { authenticatorFlags, createSoftwarePasskey, syncedPasskeyFlags, type SoftwarePasskey } from "../../helpers/softwarePasskey.ts";

export type CeremonyOverrides = {
  origin?: string;
  rpId?: string;
  userVerified?: boolean;
  challenge?: string;
  /** Sign counter to report (synced passkeys report 0, the default). */
  counter?: number;
};

const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash("sha256").update(data).digest());
const b64 = (bytes: Uint8Array | ArrayBuffer) => isoBase64URL.fromBuffer(new Uint8Array(bytes));

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export class TestPasskey {
  readonly secretKey: Uint8Array;
  readonly origin: string;
  readonly rpId: string;
  readonly wallet: SoftwarePasskey;
  userHandle: string | undefined;

  constructor(parameters: { origin: string; rpId: string }) {
    this.origin = parameters.origin;
    this.rpId = parameters.rpId;
    this.secretKey = p256.utils.randomSecretKey();
    this.wallet = createSoftwarePasskey({ privateKey: this.secretKey, origin: this.origin, rpId: this.rpId });
  }

  get id(): string {
    return this.wallet.id;
  }

  /** The coordinates the relayer stores and the account verifies. */
  get publicKey(): { x: Hex; y: Hex } {
    return { x: sliceHex(this.wallet.publicKey, 0, 32), y: sliceHex(this.wallet.publicKey, 32, 64) };
  }

  /** viem's WebAuthn account of this passkey (signs user operations). */
  get account() {
    return this.wallet.account;
  }

  private flags(overrides: CeremonyOverrides): number {
    return overrides.userVerified === false ? syncedPasskeyFlags & ~authenticatorFlags.userVerified : syncedPasskeyFlags;
  }

  createCredential(options: PublicKeyCredentialCreationOptionsJSON, overrides: CeremonyOverrides = {}): RegistrationResponseJSON {
    this.userHandle = options.user.id;
    const clientDataJSON = new TextEncoder().encode(
      JSON.stringify({
        type: "webauthn.create",
        challenge: overrides.challenge ?? options.challenge,
        origin: overrides.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
    const credentialId = isoBase64URL.toBuffer(this.id);
    const counter = new Uint8Array(4);
    new DataView(counter.buffer).setUint32(0, overrides.counter ?? 0);
    const authData = concat(
      sha256(overrides.rpId ?? this.rpId),
      new Uint8Array([this.flags(overrides) | 0x40]), // AT: attested credential data follows
      counter,
      new Uint8Array(16), // AAGUID: none
      new Uint8Array([credentialId.length >> 8, credentialId.length & 0xff]),
      credentialId,
      this.wallet.cosePublicKey,
    );
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]) as never,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: { clientDataJSON: b64(clientDataJSON), attestationObject: b64(attestationObject), transports: ["internal", "hybrid"] },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  /** A login assertion; `signWith` signs with another passkey's key under this credential id. */
  async getAssertion(
    options: PublicKeyCredentialRequestOptionsJSON,
    overrides: CeremonyOverrides & { signWith?: TestPasskey } = {},
  ): Promise<AuthenticationResponseJSON> {
    const signer = overrides.signWith ?? this;
    const authenticator = createSoftwarePasskey({
      privateKey: signer.secretKey,
      origin: overrides.origin ?? this.origin,
      rpId: this.rpId,
      flags: this.flags(overrides),
      signCount: overrides.counter ?? 0,
    });
    const credential = (await authenticator.getFn({
      publicKey: { challenge: isoBase64URL.toBuffer(overrides.challenge ?? options.challenge), rpId: overrides.rpId ?? this.rpId },
    } as Parameters<typeof authenticator.getFn>[0])) as unknown as {
      response: { authenticatorData: ArrayBuffer; clientDataJSON: ArrayBuffer; signature: ArrayBuffer };
    };
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: b64(credential.response.clientDataJSON),
        authenticatorData: b64(credential.response.authenticatorData),
        signature: b64(credential.response.signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }
}
