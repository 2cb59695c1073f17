// A software passkey for tests: a real P-256 key (@noble/curves) that answers WebAuthn
// creation and request options the way a platform authenticator does (attestation "none",
// DER ECDSA over authenticatorData ‖ SHA-256(clientDataJSON)). Each option can be spoiled
// to test a refusal: wrong origin, wrong RP ID, no user verification, another challenge.
// Stopgap until the wallet's authenticator in test/helpers/ lands.
import { createHash, randomBytes } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { bytesToHex, type Hex } from "viem";

export type CeremonyOverrides = {
  origin?: string;
  rpId?: string;
  userVerified?: boolean;
  challenge?: string;
  /** Sign counter to report (default: increments; 0 models a synced passkey). */
  counter?: number;
};

const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash("sha256").update(data).digest());
const b64 = (bytes: Uint8Array) => isoBase64URL.fromBuffer(new Uint8Array(bytes));

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function uint32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

export class SoftwarePasskey {
  readonly secretKey: Uint8Array;
  readonly credentialId: Uint8Array;
  readonly origin: string;
  readonly rpId: string;
  userHandle: string | undefined;
  counter = 0;

  constructor(parameters: { origin: string; rpId: string; secretKey?: Uint8Array }) {
    this.origin = parameters.origin;
    this.rpId = parameters.rpId;
    this.secretKey = parameters.secretKey ?? p256.utils.randomSecretKey();
    this.credentialId = new Uint8Array(randomBytes(16));
  }

  get id(): string {
    return b64(this.credentialId);
  }

  /** Uncompressed public key coordinates, as the relayer and the account see them. */
  get publicKey(): { x: Hex; y: Hex } {
    const point = p256.getPublicKey(this.secretKey, false);
    return { x: bytesToHex(point.slice(1, 33)), y: bytesToHex(point.slice(33, 65)) };
  }

  private coseKey(): Uint8Array {
    const point = p256.getPublicKey(this.secretKey, false);
    const key = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, point.slice(1, 33)],
      [-3, point.slice(33, 65)],
    ]);
    return isoCBOR.encode(key as never);
  }

  private flags(userVerified: boolean, attested: boolean): number {
    return 0x01 | (userVerified ? 0x04 : 0) | (attested ? 0x40 : 0);
  }

  private nextCounter(overrides: CeremonyOverrides): number {
    if (overrides.counter !== undefined) return overrides.counter;
    this.counter += 1;
    return this.counter;
  }

  private clientData(type: string, challenge: string, overrides: CeremonyOverrides): Uint8Array {
    return new TextEncoder().encode(
      JSON.stringify({ type, challenge: overrides.challenge ?? challenge, origin: overrides.origin ?? this.origin, crossOrigin: false }),
    );
  }

  private credential<R>(response: R) {
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key" as const,
      response,
      authenticatorAttachment: "platform" as const,
      clientExtensionResults: {},
    };
  }

  createCredential(options: PublicKeyCredentialCreationOptionsJSON, overrides: CeremonyOverrides = {}): RegistrationResponseJSON {
    this.userHandle = options.user.id;
    const clientDataJSON = this.clientData("webauthn.create", options.challenge, overrides);
    const authData = concat(
      sha256(overrides.rpId ?? this.rpId),
      new Uint8Array([this.flags(overrides.userVerified ?? true, true)]),
      uint32(this.nextCounter(overrides)),
      new Uint8Array(16), // AAGUID: none
      new Uint8Array([this.credentialId.length >> 8, this.credentialId.length & 0xff]),
      this.credentialId,
      this.coseKey(),
    );
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]) as never,
    );
    return this.credential({
      clientDataJSON: b64(clientDataJSON),
      attestationObject: b64(attestationObject),
      transports: ["internal", "hybrid"],
    });
  }

  getAssertion(options: PublicKeyCredentialRequestOptionsJSON, overrides: CeremonyOverrides = {}): AuthenticationResponseJSON {
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, overrides);
    const authData = concat(
      sha256(overrides.rpId ?? this.rpId),
      new Uint8Array([this.flags(overrides.userVerified ?? true, false)]),
      uint32(this.nextCounter(overrides)),
    );
    const signature = p256.sign(concat(authData, sha256(clientDataJSON)), this.secretKey, { format: "der" });
    return this.credential({
      clientDataJSON: b64(clientDataJSON),
      authenticatorData: b64(authData),
      signature: b64(signature),
      ...(this.userHandle ? { userHandle: this.userHandle } : {}),
    });
  }
}
