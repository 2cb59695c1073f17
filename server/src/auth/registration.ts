// Passkey registration: a new user (sign-up) or another device for a signed-in user.
import { randomBytes } from "node:crypto";
import { generateRegistrationOptions, verifyRegistrationResponse } from "@simplewebauthn/server";
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { cose, isoBase64URL } from "@simplewebauthn/server/helpers";
import type { Address } from "viem";
import type { Store } from "../db/store.ts";
import type { Logger } from "../logger.ts";
import type { AccountAddressResolver } from "./accountAddress.ts";
import { checkCeremony, registrationAuthenticatorData, type RelyingParty } from "./ceremony.ts";
import { newChallengeBytes, storeChallenge } from "./challenges.ts";
import { findCredential, findUser, insertCredential, insertUser, listCredentials, type NewCredential } from "./credentials.ts";
import { AuthError } from "./errors.ts";
import { passkeyPublicKey, type PasskeyPublicKey } from "./passkeys.ts";
import { createSession } from "./sessions.ts";

export type AuthDeps = {
  store: Store;
  relyingParty: RelyingParty & { rpName: string };
  challengeTtlSeconds: number;
  /** Unused challenges kept at most (see challenges.ts). */
  maxPendingChallenges: number;
  sessionTtlSeconds: number;
  accountAddress: AccountAddressResolver;
  now: () => Date;
  logger: Logger;
};

export type RegisteredCredential = { id: string; publicKey: PasskeyPublicKey };

async function creationOptions(
  deps: AuthDeps,
  user: { id: string; name: string },
  exclude: readonly { id: string; transports: readonly string[] }[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: deps.relyingParty.rpName,
    rpID: deps.relyingParty.rpId,
    userID: new Uint8Array(isoBase64URL.toBuffer(user.id)),
    userName: user.name,
    userDisplayName: user.name,
    challenge: newChallengeBytes(),
    timeout: deps.challengeTtlSeconds * 1000,
    attestationType: "none",
    // The account verifies P-256 signatures on-chain, so only ES256 passkeys can own it.
    supportedAlgorithmIDs: [cose.COSEALG.ES256],
    // Discoverable, so that login needs no user name; verified, because a passkey moves money.
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    // The authenticator refuses to create a second passkey for this user on a device that
    // already holds one: without this a user could register the same authenticator twice
    // and believe they have a backup device when they do not.
    excludeCredentials: exclude.map((credential) => ({ id: credential.id, transports: [...credential.transports] })),
  });
}

export async function startRegistration(deps: AuthDeps, displayName: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const userId = isoBase64URL.fromBuffer(new Uint8Array(randomBytes(32)));
  const options = await creationOptions(deps, { id: userId, name: displayName }, []);
  await storeChallenge(deps.store, {
    challenge: options.challenge,
    purpose: "register",
    userId,
    displayName,
    now: deps.now(),
    ttlSeconds: deps.challengeTtlSeconds,
    maxPending: deps.maxPendingChallenges,
  });
  return options;
}

export async function startAddDevice(deps: AuthDeps, userId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const user = await findUser(deps.store, userId);
  if (!user) throw new AuthError("unauthenticated", "Sign in with your passkey first.");
  const existing = await listCredentials(deps.store, userId);
  const options = await creationOptions(deps, { id: user.id, name: user.displayName }, existing);
  await storeChallenge(deps.store, {
    challenge: options.challenge,
    purpose: "add_device",
    userId,
    displayName: null,
    now: deps.now(),
    ttlSeconds: deps.challengeTtlSeconds,
    maxPending: deps.maxPendingChallenges,
  });
  return options;
}

/** Runs every check and the library's verification; returns the new credential (nothing is stored). */
export async function verifyNewCredential(
  deps: AuthDeps,
  purpose: "register" | "add_device",
  response: RegistrationResponseJSON,
): Promise<{ credential: NewCredential; userId: string; displayName: string | null }> {
  const now = deps.now();
  const authData = registrationAuthenticatorData(response.response.attestationObject);
  const stored = await checkCeremony(deps.store, {
    purpose,
    clientDataJSON: response.response.clientDataJSON,
    authData,
    relyingParty: deps.relyingParty,
    now,
  });
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: stored.challenge,
      expectedOrigin: [...deps.relyingParty.origins],
      expectedRPID: deps.relyingParty.rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: [cose.COSEALG.ES256],
    });
  } catch (cause) {
    throw new AuthError("invalid_response", "The passkey response could not be verified.", { cause });
  }
  if (!verification.verified || !stored.userId) {
    throw new AuthError("signature_invalid", "The passkey response could not be verified.");
  }
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  return {
    userId: stored.userId,
    displayName: stored.displayName,
    credential: {
      id: credential.id,
      publicKey: credential.publicKey,
      passkey: passkeyPublicKey(credential.publicKey),
      signCount: credential.counter,
      transports: credential.transports ?? response.response.transports ?? [],
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
    },
  };
}

const alreadyRegistered = () => new AuthError("credential_exists", "This passkey is already registered; sign in instead.");

export type RegistrationResult = {
  user: { id: string; displayName: string };
  account: { address: Address };
  credential: RegisteredCredential;
  session: { token: string; expiresAt: Date };
};

export async function finishRegistration(deps: AuthDeps, response: RegistrationResponseJSON): Promise<RegistrationResult> {
  const { userId, displayName, credential } = await verifyNewCredential(deps, "register", response);
  if (await findCredential(deps.store, credential.id)) {
    throw new AuthError("credential_exists", "This passkey is already registered; sign in instead.");
  }
  // The account is counterfactual: its address comes from the factory before any transaction.
  const address = await deps.accountAddress(credential.passkey);
  const now = deps.now();
  const name = displayName ?? "Paykey user";
  const session = await deps.store
    .transaction(async (tx) => {
      await insertUser(tx, { id: userId, accountAddress: address, displayName: name }, now);
      if (!(await insertCredential(tx, userId, credential, now))) throw alreadyRegistered();
      return createSession(tx, { userId, credentialId: credential.id, now, ttlSeconds: deps.sessionTtlSeconds });
    })
    .catch((error: unknown) => {
      // Two registrations racing with the same passkey: the unique account address decides.
      throw (error as { code?: string }).code === "23505" ? alreadyRegistered() : error;
    });
  deps.logger.info({ event: "user_registered", account: address }, "passkey registered");
  return {
    user: { id: userId, displayName: name },
    account: { address },
    credential: { id: credential.id, publicKey: credential.passkey },
    session,
  };
}

export async function finishAddDevice(
  deps: AuthDeps,
  sessionUserId: string,
  response: RegistrationResponseJSON,
): Promise<RegisteredCredential> {
  const { userId, credential } = await verifyNewCredential(deps, "add_device", response);
  if (userId !== sessionUserId) throw new AuthError("challenge_unknown", "This request belongs to another session; start again.");
  if (!(await insertCredential(deps.store, userId, credential, deps.now()))) throw alreadyRegistered();
  deps.logger.info({ event: "device_added" }, "passkey added to an account");
  return { id: credential.id, publicKey: credential.passkey };
}
