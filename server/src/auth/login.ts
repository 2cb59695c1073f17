// Passkey login with discoverable credentials (no user name typed).
import { generateAuthenticationOptions, verifyAuthenticationResponse } from "@simplewebauthn/server";
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { getAddress, type Address } from "viem";
import { assertionAuthenticatorData, checkCeremony } from "./ceremony.ts";
import { newChallengeBytes, storeChallenge } from "./challenges.ts";
import { findCredential, findUser, recordCredentialUse } from "./credentials.ts";
import { AuthError } from "./errors.ts";
import type { AuthDeps } from "./registration.ts";
import { createSession } from "./sessions.ts";

export async function startLogin(deps: AuthDeps): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({
    rpID: deps.relyingParty.rpId,
    challenge: newChallengeBytes(),
    timeout: deps.challengeTtlSeconds * 1000,
    userVerification: "required",
  });
  await storeChallenge(deps.store, {
    challenge: options.challenge,
    purpose: "login",
    userId: null,
    displayName: null,
    now: deps.now(),
    ttlSeconds: deps.challengeTtlSeconds,
    maxPending: deps.maxPendingChallenges,
  });
  return options;
}

export type LoginResult = {
  user: { id: string; displayName: string };
  account: { address: Address };
  credential: { id: string };
  session: { token: string; expiresAt: Date };
};

export async function finishLogin(deps: AuthDeps, response: AuthenticationResponseJSON): Promise<LoginResult> {
  const now = deps.now();
  const authData = assertionAuthenticatorData(response.response.authenticatorData);
  const stored = await checkCeremony(deps.store, {
    purpose: "login",
    clientDataJSON: response.response.clientDataJSON,
    authData,
    relyingParty: deps.relyingParty,
    now,
  });
  const credential = await findCredential(deps.store, response.id);
  if (!credential) throw new AuthError("credential_unknown", "This passkey is not registered here; sign up first.");
  if (response.response.userHandle && response.response.userHandle !== credential.userId) {
    throw new AuthError("credential_unknown", "This passkey belongs to another account.");
  }

  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: stored.challenge,
      expectedOrigin: [...deps.relyingParty.origins],
      expectedRPID: deps.relyingParty.rpId,
      // The counter is checked below: a counter that does not increase is logged, not fatal,
      // because synced passkeys (iCloud, Google) always report 0.
      credential: { id: credential.id, publicKey: new Uint8Array(credential.publicKey), counter: 0, transports: [] },
      requireUserVerification: true,
    });
  } catch (cause) {
    throw new AuthError("invalid_response", "The passkey response could not be verified.", { cause });
  }
  if (!verification.verified) throw new AuthError("signature_invalid", "The passkey signature is not valid.");

  const { newCounter } = verification.authenticationInfo;
  if ((newCounter > 0 || credential.signCount > 0) && newCounter <= credential.signCount) {
    deps.logger.warn(
      { event: "sign_counter_not_increasing", credential: credential.id.slice(0, 8), stored: credential.signCount, received: newCounter },
      "passkey sign counter did not increase (possible cloned authenticator)",
    );
  }
  const user = await findUser(deps.store, credential.userId);
  if (!user) throw new AuthError("credential_unknown", "This passkey's account no longer exists.");
  const session = await deps.store.transaction(async (tx) => {
    await recordCredentialUse(tx, credential.id, newCounter, now);
    return createSession(tx, { userId: user.id, credentialId: credential.id, now, ttlSeconds: deps.sessionTtlSeconds });
  });
  return {
    user: { id: user.id, displayName: user.displayName },
    account: { address: getAddress(user.accountAddress) },
    credential: { id: credential.id },
    session,
  };
}
