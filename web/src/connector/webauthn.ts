// WebAuthn ceremonies in the browser with the relayer's JSON options (the shape @simplewebauthn/server emits):
// base64url fields become bytes for navigator.credentials, and the authenticator's answer becomes JSON again.
// No library: a few conversions are all it takes.
import { BaseError } from "viem";

type Base64Url = string;

export type CreationOptionsJson = {
  rp: { id?: string; name: string };
  user: { id: Base64Url; name: string; displayName: string };
  challenge: Base64Url;
  pubKeyCredParams: { type: "public-key"; alg: number }[];
  timeout?: number;
  excludeCredentials?: { id: Base64Url; type: "public-key"; transports?: string[] }[];
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  attestation?: AttestationConveyancePreference;
  extensions?: Record<string, unknown>;
};

export type RequestOptionsJson = {
  challenge: Base64Url;
  timeout?: number;
  rpId?: string;
  allowCredentials?: { id: Base64Url; type: "public-key"; transports?: string[] }[];
  userVerification?: UserVerificationRequirement;
};

export type RegistrationResponseJson = {
  id: Base64Url;
  rawId: Base64Url;
  type: "public-key";
  response: {
    clientDataJSON: Base64Url;
    attestationObject: Base64Url;
    transports?: string[];
    publicKeyAlgorithm?: number;
    publicKey?: Base64Url;
    authenticatorData?: Base64Url;
  };
  authenticatorAttachment?: "platform" | "cross-platform";
  clientExtensionResults: Record<string, unknown>;
};

export type AuthenticationResponseJson = {
  id: Base64Url;
  rawId: Base64Url;
  type: "public-key";
  response: { clientDataJSON: Base64Url; authenticatorData: Base64Url; signature: Base64Url; userHandle?: Base64Url };
  authenticatorAttachment?: "platform" | "cross-platform";
  clientExtensionResults: Record<string, unknown>;
};

export type PasskeyErrorType = PasskeyError;

/** The browser or the person refused or failed a passkey ceremony. */
export class PasskeyError extends BaseError {
  override name = "PasskeyError";
  /** `cancelled` (dismissed or timed out), `unsupported` (no WebAuthn here), `exists` (already on this device), `failed`. */
  readonly reason: "cancelled" | "unsupported" | "exists" | "failed";
  constructor(reason: PasskeyError["reason"], cause?: Error) {
    const messages = {
      cancelled: "The passkey request was cancelled. Try again when you are ready.",
      unsupported: "This browser cannot use passkeys. Open the link in an up-to-date browser.",
      exists: "This device already holds a passkey for this account.",
      failed: "The passkey could not be used. Try again.",
    } as const;
    super(messages[reason], { cause, details: cause?.message });
    this.reason = reason;
  }
}

export function base64UrlToBytes(value: Base64Url): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function bytesToBase64Url(value: ArrayBuffer | Uint8Array): Base64Url {
  const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function toPasskeyError(error: unknown): PasskeyError {
  if (error instanceof PasskeyError) return error;
  const name = (error as { name?: string } | undefined)?.name;
  if (name === "NotAllowedError" || name === "AbortError") return new PasskeyError("cancelled", error as Error);
  if (name === "InvalidStateError") return new PasskeyError("exists", error as Error);
  if (name === "NotSupportedError" || name === "SecurityError") return new PasskeyError("unsupported", error as Error);
  return new PasskeyError("failed", error as Error);
}

function ensureWebAuthn(): CredentialsContainer {
  if (typeof navigator === "undefined" || !navigator.credentials || typeof PublicKeyCredential === "undefined") {
    throw new PasskeyError("unsupported");
  }
  return navigator.credentials;
}

const descriptor = (credential: { id: Base64Url; transports?: string[] }): PublicKeyCredentialDescriptor => ({
  id: base64UrlToBytes(credential.id),
  type: "public-key",
  transports: credential.transports as AuthenticatorTransport[] | undefined,
});

/** Runs one navigator.credentials ceremony; a refusal or an empty answer becomes a PasskeyError. */
export async function passkeyCeremony(run: (credentials: CredentialsContainer) => Promise<Credential | null>): Promise<PublicKeyCredential> {
  const credentials = ensureWebAuthn();
  let credential: Credential | null;
  try {
    credential = await run(credentials);
  } catch (error) {
    throw toPasskeyError(error);
  }
  if (!credential) throw new PasskeyError("cancelled");
  return credential as PublicKeyCredential;
}

/** The fields every credential's JSON carries. */
function envelope(credential: PublicKeyCredential) {
  return {
    id: credential.id,
    rawId: bytesToBase64Url(credential.rawId),
    type: "public-key" as const,
    authenticatorAttachment: (credential.authenticatorAttachment as "platform" | "cross-platform" | null) ?? undefined,
    clientExtensionResults: { ...credential.getClientExtensionResults() },
  };
}

/** Creates a passkey from the relayer's creation options and returns the registration response as JSON. */
export async function createPasskey(options: CreationOptionsJson): Promise<RegistrationResponseJson> {
  const credential = await passkeyCeremony((credentials) =>
    credentials.create({
      publicKey: {
        ...options,
        challenge: base64UrlToBytes(options.challenge),
        user: { ...options.user, id: base64UrlToBytes(options.user.id) },
        excludeCredentials: options.excludeCredentials?.map(descriptor),
      },
    }),
  );
  const response = credential.response as AuthenticatorAttestationResponse;
  const publicKey = response.getPublicKey?.();
  const authenticatorData = response.getAuthenticatorData?.();
  return {
    ...envelope(credential),
    response: {
      clientDataJSON: bytesToBase64Url(response.clientDataJSON),
      attestationObject: bytesToBase64Url(response.attestationObject),
      transports: response.getTransports?.(),
      publicKeyAlgorithm: response.getPublicKeyAlgorithm?.(),
      publicKey: publicKey ? bytesToBase64Url(publicKey) : undefined,
      authenticatorData: authenticatorData ? bytesToBase64Url(authenticatorData) : undefined,
    },
  };
}

/** Asks for a passkey assertion (login) and returns it as JSON. */
export async function getPasskeyAssertion(options: RequestOptionsJson): Promise<AuthenticationResponseJson> {
  const credential = await passkeyCeremony((credentials) =>
    credentials.get({
      publicKey: { ...options, challenge: base64UrlToBytes(options.challenge), allowCredentials: options.allowCredentials?.map(descriptor) },
    }),
  );
  const response = credential.response as AuthenticatorAssertionResponse;
  return {
    ...envelope(credential),
    response: {
      clientDataJSON: bytesToBase64Url(response.clientDataJSON),
      authenticatorData: bytesToBase64Url(response.authenticatorData),
      signature: bytesToBase64Url(response.signature),
      ...(response.userHandle ? { userHandle: bytesToBase64Url(response.userHandle) } : {}),
    },
  };
}

/** Wraps a signing function so a refused passkey prompt surfaces as a PasskeyError. */
export async function withPasskeyErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // ox wraps the browser's DOMException (NotAllowedError, …): classify by the innermost cause.
    let inner: unknown = error;
    while ((inner as { cause?: unknown } | undefined)?.cause) inner = (inner as { cause: unknown }).cause;
    throw toPasskeyError(inner);
  }
}
