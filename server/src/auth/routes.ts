// REST routes of passkey auth. Every body is validated with zod; every refusal is a 4xx with
// a reason (see errors.ts). A successful registration or login sets an httpOnly cookie and
// also returns the token, for clients that prefer `Authorization: Bearer`.
import type { FastifyReply, FastifyRequest } from "fastify";
import { getAddress } from "viem";
import { z } from "zod";
import type { RelayerApp } from "../http.ts";
import type { RelayerContext } from "../context.ts";
import { listCredentials } from "./credentials.ts";
import { finishLogin, startLogin } from "./login.ts";
import { finishAddDevice, finishRegistration, startAddDevice, startRegistration, type AuthDeps } from "./registration.ts";
import { resolveSession, revokeSession, sessionCookie, sessionToken, type Session } from "./sessions.ts";

const base64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+={0,2}$/, "must be base64url");
const transports = z.array(z.string().max(32)).max(8);

const registrationResponse = z.object({
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
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

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
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/);
const sessionOut = z.object({ token: z.string(), expiresAt: z.string() });
const userOut = z.object({ id: z.string(), displayName: z.string() });
const credentialOut = z.object({ id: z.string(), publicKey: z.object({ x: hex32, y: hex32 }) });
const options = z.object({ options: z.record(z.string(), z.unknown()) });

const asRecord = (value: object) => value as Record<string, unknown>;

declare module "fastify" {
  interface FastifyRequest {
    session?: Session;
  }
}

export function authDeps(context: RelayerContext): AuthDeps {
  return {
    store: context.store,
    relyingParty: { rpId: context.config.auth.rpId, rpName: context.config.auth.rpName, origins: context.config.auth.origins },
    challengeTtlSeconds: context.config.auth.challengeTtlSeconds,
    sessionTtlSeconds: context.config.auth.sessionTtlSeconds,
    accountAddress: context.accountAddress,
    now: context.now,
    logger: context.logger,
  };
}

/** A preHandler that requires a valid session and puts it on `request.session`. */
export function createAuthenticate(context: Pick<RelayerContext, "store" | "now">) {
  return async (request: FastifyRequest): Promise<void> => {
    request.session = await resolveSession(context.store, sessionToken(request), context.now());
  };
}

export async function registerAuthRoutes(app: RelayerApp, context: RelayerContext): Promise<void> {
  const deps = authDeps(context);
  const authenticate = createAuthenticate(context);
  const setCookie = (reply: FastifyReply, session: { token: string; expiresAt: Date }) =>
    reply.setCookie(sessionCookie, session.token, {
      httpOnly: true,
      secure: context.config.auth.cookieSecure,
      sameSite: "lax",
      path: "/",
      expires: session.expiresAt,
    });
  const tags = ["auth"];

  app.post(
    "/auth/register/options",
    {
      schema: {
        tags,
        summary: "Start a passkey sign-up: WebAuthn creation options (challenge valid 5 minutes)",
        body: z.object({ name: z.string().trim().min(1).max(64).optional() }).default({}),
        response: { 200: options },
      },
    },
    async (request) => ({ options: asRecord(await startRegistration(deps, request.body.name ?? "Paykey user")) }),
  );

  app.post(
    "/auth/register/verify",
    {
      schema: {
        tags,
        summary: "Finish sign-up: verifies the passkey, returns the smart-account address and a session",
        body: z.object({ response: registrationResponse }),
        response: { 200: z.object({ user: userOut, account: z.object({ address }), credential: credentialOut, session: sessionOut }) },
      },
    },
    async (request, reply) => {
      const result = await finishRegistration(deps, request.body.response);
      setCookie(reply, result.session);
      return { ...result, session: { token: result.session.token, expiresAt: result.session.expiresAt.toISOString() } };
    },
  );

  app.post(
    "/auth/login/options",
    {
      schema: { tags, summary: "Start a passkey login (discoverable credentials)", response: { 200: options } },
    },
    async () => ({ options: asRecord(await startLogin(deps)) }),
  );

  app.post(
    "/auth/login/verify",
    {
      schema: {
        tags,
        summary: "Finish login: verifies the assertion and returns a session",
        body: z.object({ response: authenticationResponse }),
        response: {
          200: z.object({ user: userOut, account: z.object({ address }), credential: z.object({ id: z.string() }), session: sessionOut }),
        },
      },
    },
    async (request, reply) => {
      const result = await finishLogin(deps, request.body.response);
      setCookie(reply, result.session);
      return { ...result, session: { token: result.session.token, expiresAt: result.session.expiresAt.toISOString() } };
    },
  );

  app.post(
    "/auth/devices/options",
    {
      preHandler: authenticate,
      schema: { tags, summary: "Start adding another passkey (device) to the signed-in user", response: { 200: options } },
    },
    async (request) => ({ options: asRecord(await startAddDevice(deps, request.session!.userId)) }),
  );

  app.post(
    "/auth/devices/verify",
    {
      preHandler: authenticate,
      schema: {
        tags,
        summary: "Finish adding a device; returns its public key (add it on-chain with a signed user operation)",
        body: z.object({ response: registrationResponse }),
        response: { 200: z.object({ credential: credentialOut }) },
      },
    },
    async (request) => ({ credential: await finishAddDevice(deps, request.session!.userId, request.body.response) }),
  );

  app.get(
    "/auth/session",
    {
      preHandler: authenticate,
      schema: {
        tags,
        summary: "The signed-in user, their account and passkeys",
        response: {
          200: z.object({
            user: z.object({ id: z.string() }),
            account: z.object({ address }),
            credentials: z.array(credentialOut.extend({ createdAt: z.string(), lastUsedAt: z.string().nullable() })),
            session: z.object({ expiresAt: z.string() }),
          }),
        },
      },
    },
    async (request) => {
      const session = request.session!;
      const credentials = await listCredentials(context.store, session.userId);
      return {
        user: { id: session.userId },
        account: { address: getAddress(session.accountAddress) },
        credentials: credentials.map((credential) => ({
          id: credential.id,
          publicKey: credential.passkey,
          createdAt: credential.createdAt.toISOString(),
          lastUsedAt: credential.lastUsedAt?.toISOString() ?? null,
        })),
        session: { expiresAt: session.expiresAt.toISOString() },
      };
    },
  );

  app.post(
    "/auth/logout",
    {
      preHandler: authenticate,
      schema: { tags, summary: "End the session", response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (request, reply) => {
      await revokeSession(context.store, sessionToken(request)!, context.now());
      reply.clearCookie(sessionCookie, { path: "/" });
      return { ok: true as const };
    },
  );
}
