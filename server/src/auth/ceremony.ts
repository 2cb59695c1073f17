// Checks shared by registration and login, done before the library's full verification so
// that each refusal carries a precise reason: malformed response, unknown / replayed /
// expired challenge, wrong origin, wrong RP ID, user verification missing.
import { createHash } from "node:crypto";
import {
  decodeAttestationObject,
  decodeClientDataJSON,
  isoBase64URL,
  parseAuthenticatorData,
  type ParsedAuthenticatorData,
} from "@simplewebauthn/server/helpers";
import type { Queryable } from "../db/store.ts";
import { consumeChallenge, type ChallengePurpose, type StoredChallenge } from "./challenges.ts";
import { AuthError } from "./errors.ts";

export type RelyingParty = { rpId: string; origins: readonly string[] };

function invalid(message: string, cause?: unknown): AuthError {
  return new AuthError("invalid_response", message, { cause });
}

function clientData(clientDataJSON: string, type: "webauthn.create" | "webauthn.get") {
  let data: ReturnType<typeof decodeClientDataJSON>;
  try {
    data = decodeClientDataJSON(clientDataJSON);
  } catch (cause) {
    throw invalid("The passkey response is malformed (clientDataJSON).", cause);
  }
  if (typeof data?.challenge !== "string" || typeof data.origin !== "string" || data.type !== type) {
    throw invalid(`The passkey response is not a ${type} response.`);
  }
  return data;
}

function authenticatorData(bytes: Uint8Array): ParsedAuthenticatorData {
  try {
    return parseAuthenticatorData(new Uint8Array(bytes));
  } catch (cause) {
    throw invalid("The passkey response is malformed (authenticator data).", cause);
  }
}

export function registrationAuthenticatorData(attestationObject: string): ParsedAuthenticatorData {
  let authData: Uint8Array;
  try {
    authData = decodeAttestationObject(new Uint8Array(isoBase64URL.toBuffer(attestationObject))).get("authData");
  } catch (cause) {
    throw invalid("The passkey response is malformed (attestation object).", cause);
  }
  if (!(authData instanceof Uint8Array)) throw invalid("The passkey response has no authenticator data.");
  return authenticatorData(authData);
}

export function assertionAuthenticatorData(encoded: string): ParsedAuthenticatorData {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(isoBase64URL.toBuffer(encoded));
  } catch (cause) {
    throw invalid("The passkey response is malformed (authenticator data).", cause);
  }
  return authenticatorData(bytes);
}

/**
 * Consumes the response's challenge (single use, even when a later check fails), then checks
 * origin, RP ID hash and the user-verification flag. Returns the stored challenge.
 */
export async function checkCeremony(
  db: Queryable,
  parameters: {
    purpose: ChallengePurpose;
    clientDataJSON: string;
    authData: ParsedAuthenticatorData;
    relyingParty: RelyingParty;
    now: Date;
  },
): Promise<StoredChallenge> {
  const { purpose, relyingParty, authData, now } = parameters;
  const data = clientData(parameters.clientDataJSON, purpose === "login" ? "webauthn.get" : "webauthn.create");
  const stored = await consumeChallenge(db, data.challenge, purpose, now);
  if (!relyingParty.origins.includes(data.origin)) {
    throw new AuthError("origin_mismatch", "This passkey response comes from a site that is not allowed.", {
      details: `origin ${data.origin}`,
    });
  }
  const expectedRpIdHash = createHash("sha256").update(relyingParty.rpId).digest();
  if (!Buffer.from(authData.rpIdHash).equals(expectedRpIdHash)) {
    throw new AuthError("rp_id_mismatch", "This passkey belongs to another site.");
  }
  if (!authData.flags.up || !authData.flags.uv) {
    throw new AuthError(
      "user_verification_required",
      "Your device did not verify you (fingerprint, face or PIN); try again with verification.",
    );
  }
  return stored;
}
