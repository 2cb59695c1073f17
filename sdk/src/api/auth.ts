// Passkey auth: sign-up, login and adding a device are each an options call (WebAuthn options
// with a single-use challenge) and a verify call (the browser's credential, as JSON); a session
// is an httpOnly cookie, its token also returned for `Authorization: Bearer` clients.
import { z } from "zod";
import { address } from "./primitives.ts";

const base64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+={0,2}$/, "must be base64url");
const transports = z.array(z.string().max(32)).max(8);
const clientExtensionResults = z.record(z.string(), z.unknown()).default({});
const authenticatorAttachment = z.enum(["platform", "cross-platform"]).optional();

/** A `PublicKeyCredential` from `navigator.credentials.create()` as JSON (`RegistrationResponseJSON`). */
export const registrationResponse = z.object({
  id: base64url(1024),
  rawId: base64url(1024),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(8192),
    attestationObject: base64url(32768),
    transports: transports.optional(),
    authenticatorData: base64url(32768).optional(),
    publicKey: base64url(8192).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
  }),
  authenticatorAttachment,
  clientExtensionResults,
});
export type RegistrationResponse = z.input<typeof registrationResponse>;

/** A `PublicKeyCredential` from `navigator.credentials.get()` as JSON (`AuthenticationResponseJSON`). */
export const authenticationResponse = z.object({
  id: base64url(1024),
  rawId: base64url(1024),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(8192),
    authenticatorData: base64url(32768),
    signature: base64url(1024),
    userHandle: base64url(512).optional(),
  }),
  authenticatorAttachment,
  clientExtensionResults,
});
export type AuthenticationResponse = z.input<typeof authenticationResponse>;

export const registerOptionsBody = z.object({ name: z.string().trim().min(1).max(64).optional() }).default({});
export const registerVerifyBody = z.object({ response: registrationResponse });
export const loginVerifyBody = z.object({ response: authenticationResponse });

/** WebAuthn creation or request options (`PublicKeyCredential{Creation,Request}OptionsJSON`). */
export const ceremonyOptions = z.object({ options: z.record(z.string(), z.unknown()) });

const publicKeyHex = z.templateLiteral(["0x", z.string().regex(/^[0-9a-f]{64}$/)]);
const sessionToken = z.object({ token: z.string(), expiresAt: z.string() });
const user = z.object({ id: z.string(), displayName: z.string() });

/** A passkey and its P-256 public key (the account's owner on-chain). */
export const credential = z.object({ id: z.string(), publicKey: z.object({ x: publicKeyHex, y: publicKeyHex }) });
export type Credential = z.output<typeof credential>;

export const registrationResult = z.object({ user, account: z.object({ address }), credential, session: sessionToken });
export type RegistrationResult = z.output<typeof registrationResult>;

export const loginResult = z.object({ user, account: z.object({ address }), credential: z.object({ id: z.string() }), session: sessionToken });
export type LoginResult = z.output<typeof loginResult>;

export const addDeviceResult = z.object({ credential });

/** GET /auth/session: the signed-in user, their account and passkeys. */
export const sessionResult = z.object({
  user: z.object({ id: z.string() }),
  account: z.object({ address }),
  credentials: z.array(credential.extend({ createdAt: z.string(), lastUsedAt: z.string().nullable() })),
  session: z.object({ expiresAt: z.string() }),
});
export type Session = z.output<typeof sessionResult>;

export const logoutResult = z.object({ ok: z.literal(true) });
