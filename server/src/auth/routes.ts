// REST routes of passkey auth. Every body is validated with zod; every refusal is a 4xx with
// a reason (see errors.ts). A successful registration or login sets an httpOnly cookie and
// also returns the token, for clients that prefer `Authorization: Bearer`.
import type { FastifyReply, FastifyRequest } from "fastify";
import { getAddress } from "viem";
import {
  addDeviceResult,
  ceremonyOptions,
  loginResult,
  loginVerifyBody,
  logoutResult,
  registerOptionsBody,
  registerVerifyBody,
  registrationResult,
  sessionResult,
} from "@paykey/sdk/api";
import { HttpError } from "../errors/http.ts";
import type { RelayerApp } from "../http/app.ts";
import type { RelayerContext } from "../context.ts";
import { listCredentials } from "./credentials.ts";
import { finishLogin, startLogin } from "./login.ts";
import { finishAddDevice, finishRegistration, startAddDevice, startRegistration, type AuthDeps } from "./registration.ts";
import { resolveSession, revokeSession, sessionCookie, sessionToken, type Session } from "./sessions.ts";

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
    maxPendingChallenges: context.config.auth.maxPendingChallenges,
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
  // The option routes store a challenge for anyone who asks, so they have a stricter limit per
  // address of their own, on top of the global one. (A route's own `app.rateLimit(…)` hook would
  // replace the global limit on that route: the plugin runs one limiter per request.)
  const optionsLimit = app.createRateLimit({
    max: context.config.http.rateLimitAuthOptionsPerIp,
    timeWindow: 60_000,
    keyGenerator: (request) => request.ip,
  });
  // `isAllowed` means "on the allow list"; `isExceeded` is the verdict.
  const optionsRateLimit = async (request: FastifyRequest) => {
    const limit = await optionsLimit(request);
    if (!limit.isAllowed && limit.isExceeded) {
      throw new HttpError(429, "rate_limited", "Too many passkey requests from here; wait a minute and retry.", {
        data: { scope: "auth_options", retryAfterMs: limit.ttl },
      });
    }
  };

  app.post(
    "/auth/register/options",
    {
      onRequest: optionsRateLimit,
      schema: {
        tags,
        summary: "Start a passkey sign-up: WebAuthn creation options (challenge valid 5 minutes)",
        body: registerOptionsBody,
        response: { 200: ceremonyOptions },
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
        body: registerVerifyBody,
        response: { 200: registrationResult },
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
      onRequest: optionsRateLimit,
      schema: { tags, summary: "Start a passkey login (discoverable credentials)", response: { 200: ceremonyOptions } },
    },
    async () => ({ options: asRecord(await startLogin(deps)) }),
  );

  app.post(
    "/auth/login/verify",
    {
      schema: {
        tags,
        summary: "Finish login: verifies the assertion and returns a session",
        body: loginVerifyBody,
        response: { 200: loginResult },
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
      onRequest: optionsRateLimit,
      preHandler: authenticate,
      schema: { tags, summary: "Start adding another passkey (device) to the signed-in user", response: { 200: ceremonyOptions } },
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
        body: registerVerifyBody,
        response: { 200: addDeviceResult },
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
        response: { 200: sessionResult },
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
      schema: { tags, summary: "End the session", response: { 200: logoutResult } },
    },
    async (request, reply) => {
      await revokeSession(context.store, sessionToken(request)!, context.now());
      reply.clearCookie(sessionCookie, { path: "/" });
      return { ok: true as const };
    },
  );
}
