// A software WebAuthn authenticator for Node tests: a real P-256 key (@noble/curves) that answers
// `navigator.credentials.get()` the way a browser and platform authenticator do —
//   clientDataJSON   {"type":"webauthn.get","challenge":<base64url, no padding>,"origin":...,"crossOrigin":false}
//   authenticatorData sha256(rpId) || flags || signCount (4 bytes, big-endian)
//   signature        DER ECDSA-SHA256 over authenticatorData || sha256(clientDataJSON), random k, so s is
//                    high about half the time (OpenZeppelin requires low s: the wallet module normalises).
// Plugged into viem's `toWebAuthnAccount({ getFn })`, the same code path the browser uses.
import { p256 } from "@noble/curves/nist.js";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import { type Hex, bytesToHex, concatBytes, sha256, stringToBytes } from "viem";
import { type WebAuthnAccount, toWebAuthnAccount } from "viem/account-abstraction";

/** authenticatorData flag bits. */
export const authenticatorFlags = { userPresent: 0x01, userVerified: 0x04, backupEligible: 0x08, backupState: 0x10 } as const;

/** A synced platform passkey (iCloud Keychain, Google Password Manager): UP | UV | BE | BS. */
export const syncedPasskeyFlags = 0x1d;

export type SoftwarePasskeyOptions = {
  /** The page origin the browser reports; http://localhost:5173 by default. */
  origin?: string;
  /** The relying party id; localhost by default. */
  rpId?: string;
  /** 32-byte P-256 secret key; random by default. */
  privateKey?: Uint8Array;
  /** authenticatorData flags; a synced passkey (UP | UV | BE | BS) by default. */
  flags?: number;
  /** Signature counter; 0 by default (synced passkeys report 0). */
  signCount?: number;
  /** Which of the two encodings of s to return: as signed ("random", the default), always "high" or always "low". */
  s?: "random" | "high" | "low";
};

export type SoftwarePasskey = {
  /** Credential id (base64url). */
  id: string;
  /** `x || y`, 64 bytes (what viem's WebAuthnAccount carries). */
  publicKey: Hex;
  /** The public key as a COSE_Key (what @simplewebauthn/server stores at registration). */
  cosePublicKey: Uint8Array<ArrayBuffer>;
  /** The viem WebAuthn account backed by this authenticator. */
  account: WebAuthnAccount;
  /** The credential request function (`navigator.credentials.get` stand-in). */
  getFn: CredentialRequestFunction;
  /** Every assertion made so far (last one at the end), as the browser returned it. */
  assertions: { authenticatorData: Uint8Array; clientDataJSON: string; signature: Uint8Array; highS: boolean }[];
  options: Required<Omit<SoftwarePasskeyOptions, "privateKey">>;
};

/** viem's `getFn`: the `navigator.credentials.get` signature. */
export type CredentialRequestFunction = NonNullable<Parameters<typeof toWebAuthnAccount>[0]["getFn"]>;

const curveOrder = p256.Point.CURVE().n;

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/** Creates a software passkey. */
export function createSoftwarePasskey(options: SoftwarePasskeyOptions = {}): SoftwarePasskey {
  const settings = {
    origin: options.origin ?? "http://localhost:5173",
    rpId: options.rpId ?? "localhost",
    flags: options.flags ?? syncedPasskeyFlags,
    signCount: options.signCount ?? 0,
    s: options.s ?? "random",
  };
  const privateKey = options.privateKey ?? p256.utils.randomSecretKey();
  const uncompressed = p256.getPublicKey(privateKey, false);
  const x = uncompressed.slice(1, 33);
  const y = uncompressed.slice(33, 65);
  const id = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const assertions: SoftwarePasskey["assertions"] = [];

  const getFn: CredentialRequestFunction = async (request) => {
    const challenge = request?.publicKey?.challenge;
    if (!challenge) throw new Error("software passkey: no challenge requested");
    const challengeBytes = new Uint8Array(challenge as ArrayBuffer);
    const clientDataJSON = JSON.stringify({
      type: "webauthn.get",
      challenge: base64url(challengeBytes),
      origin: settings.origin,
      crossOrigin: false,
    });
    const counter = new Uint8Array(4);
    new DataView(counter.buffer).setUint32(0, settings.signCount);
    const authenticatorData = concatBytes([
      sha256(stringToBytes(request?.publicKey?.rpId ?? settings.rpId), "bytes"),
      new Uint8Array([settings.flags]),
      counter,
    ]);
    const signed = concatBytes([authenticatorData, sha256(stringToBytes(clientDataJSON), "bytes")]);
    const compact = p256.Signature.fromBytes(p256.sign(signed, privateKey, { lowS: false, extraEntropy: true }));
    const wantHigh = settings.s === "high" || (settings.s === "random" && compact.hasHighS());
    const s = wantHigh === compact.hasHighS() ? compact.s : curveOrder - compact.s;
    const signature = new p256.Signature(compact.r, s).toBytes("der");
    assertions.push({ authenticatorData, clientDataJSON, signature, highS: s > curveOrder / 2n });
    const clientDataBytes = stringToBytes(clientDataJSON);
    return {
      id,
      type: "public-key",
      rawId: Buffer.from(id, "base64url"),
      authenticatorAttachment: "platform",
      response: {
        authenticatorData: authenticatorData.buffer,
        clientDataJSON: clientDataBytes.buffer,
        signature: signature.buffer,
        userHandle: null,
      },
      getClientExtensionResults: () => ({}),
    } as unknown as Awaited<ReturnType<CredentialRequestFunction>>;
  };

  const publicKey = bytesToHex(concatBytes([x, y]));
  const cosePublicKey = new Uint8Array(isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, x],
      [-3, y],
    ]),
  ));
  const account = toWebAuthnAccount({ credential: { id, publicKey }, getFn, rpId: settings.rpId });
  return { id, publicKey, cosePublicKey, account, getFn, assertions, options: settings };
}
