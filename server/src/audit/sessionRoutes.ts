// Auditor sign-in and sign-out. An auditor is a Paykey user (a passkey signed up like any other); signing
// in here runs the same WebAuthn login, then marks the session read-only and hands it over as the
// `paykey_audit` cookie (scoped to /api/audit) and as a bearer token.
import { z } from "zod";
import { auditorSession } from "@paykey/sdk/api/audit";
import { ceremonyOptions, loginVerifyBody } from "@paykey/sdk/api";
import { authDeps } from "../auth/routes.ts";
import { finishLogin, startLogin } from "../auth/login.ts";
import { revokeSession } from "../auth/sessions.ts";
import type { RelayerContext } from "../context.ts";
import type { RelayerApp } from "../http/app.ts";
import { auditCookie, auditCookiePath, createAuthenticateAuditor, markAuditSession } from "./auditSessions.ts";
import { grantedStores } from "./grants.ts";
import { auditorLogoutRoute } from "./guard.ts";
import { auditStoreOut } from "./storeOut.ts";

const tags = ["audit"];

export function registerAuditSessionRoutes(app: RelayerApp, context: RelayerContext): void {
  const deps = authDeps(context);
  const authenticateAuditor = createAuthenticateAuditor(context);

  app.post(
    "/auth/auditor/options",
    {
      schema: {
        tags,
        summary: "Start an auditor sign-in: WebAuthn request options (a passkey signed up at this relayer)",
        response: { 200: ceremonyOptions },
      },
    },
    async () => ({ options: (await startLogin(deps)) as unknown as Record<string, unknown> }),
  );

  app.post(
    "/auth/auditor/verify",
    {
      schema: {
        tags,
        summary: "Finish an auditor sign-in: a read-only session (cookie paykey_audit on /api/audit, and a bearer token)",
        body: loginVerifyBody,
        response: { 200: auditorSession.extend({ session: z.object({ token: z.string(), expiresAt: z.string() }) }) },
      },
    },
    async (request, reply) => {
      const login = await finishLogin(deps, request.body.response as never);
      try {
        await markAuditSession(context.store, login.session.token, login.account.address);
      } catch (error) {
        // Never hand out an unmarked (writable) session from this route.
        await revokeSession(context.store, login.session.token, context.now());
        throw error;
      }
      reply.setCookie(auditCookie, login.session.token, {
        httpOnly: true,
        secure: context.config.auth.cookieSecure,
        sameSite: "strict",
        path: auditCookiePath,
        expires: login.session.expiresAt,
      });
      const stores = await grantedStores(context.store, login.account.address);
      return {
        auditor: { account: login.account.address },
        stores: stores.map(auditStoreOut),
        session: { token: login.session.token, expiresAt: login.session.expiresAt.toISOString() },
      };
    },
  );

  app.get(
    "/api/audit/session",
    {
      preHandler: authenticateAuditor,
      schema: { tags, summary: "The signed-in auditor and the stores it may audit", response: { 200: auditorSession } },
    },
    async (request) => ({
      auditor: { account: request.auditor!.account },
      stores: (await grantedStores(context.store, request.auditor!.account)).map(auditStoreOut),
    }),
  );

  app.post(
    auditorLogoutRoute.url,
    {
      preHandler: authenticateAuditor,
      schema: { tags, summary: "End the auditor session (the only state-changing request an auditor may make)", response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (request, reply) => {
      await revokeSession(context.store, request.auditor!.token, context.now());
      reply.clearCookie(auditCookie, { path: auditCookiePath });
      return { ok: true as const };
    },
  );
}
