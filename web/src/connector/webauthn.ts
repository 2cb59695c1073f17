// WebAuthn ceremonies in the browser with the relayer's JSON options (the shape @simplewebauthn/server emits):
// base64url fields become bytes for navigator.credentials, and the authenticator's answer becomes JSON again.
// The JSON shapes and base64url conversions are @simplewebauthn/browser's. Its startRegistration and
// startAuthentication are not used: they add 1,673 B gzip to the checkout route (measured), which would
// take it over its size before issue 10 (193,521 B), for the same two navigator.credentials calls (these
// ceremonies run on the checkout page: sign-up, sign-in and every payment signature).
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialDescriptorJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  base64URLStringToBuffer,
  bufferToBase64URLString,
} from "@simplewebauthn/browser";
import { BaseError } from "viem";

export type CreationOptionsJson = PublicKeyCredentialCreationOptionsJSON;
export type RequestOptionsJson = PublicKeyCredentialRequestOptionsJSON;

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

/** Bytes of a base64url string (a credential id, a challenge). */
export const base64UrlToBytes = (value: string) => new Uint8Array(base64URLStringToBuffer(value));

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

const descriptor = (credential: PublicKeyCredentialDescriptorJSON): PublicKeyCredentialDescriptor => ({
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
    rawId: bufferToBase64URLString(credential.rawId),
    type: "public-key" as const,
    authenticatorAttachment: (credential.authenticatorAttachment as "platform" | "cross-platform" | null) ?? undefined,
    clientExtensionResults: { ...credential.getClientExtensionResults() },
  };
}

/** Creates a passkey from the relayer's creation options and returns the registration response as JSON. */
export async function createPasskey(options: CreationOptionsJson): Promise<RegistrationResponseJSON> {
  const credential = await passkeyCeremony((credentials) =>
    credentials.create({
      publicKey: {
        ...options,
        challenge: base64UrlToBytes(options.challenge),
        user: { ...options.user, id: base64UrlToBytes(options.user.id) },
        excludeCredentials: options.excludeCredentials?.map(descriptor),
        // @simplewebauthn's JSON types spell BufferSource less strictly than TypeScript's DOM library.
      } as PublicKeyCredentialCreationOptions,
    }),
  );
  const response = credential.response as AuthenticatorAttestationResponse;
  const publicKey = response.getPublicKey?.();
  const authenticatorData = response.getAuthenticatorData?.();
  return {
    ...envelope(credential),
    response: {
      clientDataJSON: bufferToBase64URLString(response.clientDataJSON),
      attestationObject: bufferToBase64URLString(response.attestationObject),
      transports: response.getTransports?.(),
      publicKeyAlgorithm: response.getPublicKeyAlgorithm?.(),
      publicKey: publicKey ? bufferToBase64URLString(publicKey) : undefined,
      authenticatorData: authenticatorData ? bufferToBase64URLString(authenticatorData) : undefined,
    },
  };
}

/** Asks for a passkey assertion (login) and returns it as JSON. */
export async function getPasskeyAssertion(options: RequestOptionsJson): Promise<AuthenticationResponseJSON> {
  const credential = await passkeyCeremony((credentials) =>
    credentials.get({
      publicKey: {
        ...options,
        challenge: base64UrlToBytes(options.challenge),
        allowCredentials: options.allowCredentials?.map(descriptor),
      } as PublicKeyCredentialRequestOptions,
    }),
  );
  const response = credential.response as AuthenticatorAssertionResponse;
  return {
    ...envelope(credential),
    response: {
      clientDataJSON: bufferToBase64URLString(response.clientDataJSON),
      authenticatorData: bufferToBase64URLString(response.authenticatorData),
      signature: bufferToBase64URLString(response.signature),
      ...(response.userHandle ? { userHandle: bufferToBase64URLString(response.userHandle) } : {}),
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
