// A store owner grants or revokes an auditor's read access to the store's books, by the auditor's Paykey
// account address (the auditor signs up with a passkey and tells the merchant its address).
import { getAddress } from "viem";
import { z } from "zod";
import { auditGrant, auditGrantBody } from "@paykey/sdk/api/audit";
import type { RelayerContext } from "../context.ts";
import type { RelayerApp } from "../http/app.ts";
import { authorizeStore, storeAccess } from "../counter/access.ts";
import { AuditHttpError } from "./errors.ts";
import { type GrantRow, grantAuditor, listGrants, revokeAuditor } from "./grants.ts";

const tags = ["audit"];
const storeParams = z.object({ storeId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be an id") });

const grantOut = (row: GrantRow) => ({
  storeId: row.store_id,
  account: getAddress(row.auditor_account),
  grantedBy: getAddress(row.granted_by),
  createdAt: row.created_at.toISOString(),
});

export function registerAuditGrantRoutes(app: RelayerApp, context: RelayerContext): void {
  const owner = (request: { session?: { accountAddress: string } }) => request.session!.accountAddress;

  app.get(
    "/api/stores/:storeId/auditors",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "Auditors with read access to the store (store owner)", params: storeParams, response: { 200: z.object({ auditors: z.array(auditGrant) }) } },
    },
    async (request) => {
      await authorizeStore(context.store, request.params.storeId, owner(request), storeAccess.manage);
      return { auditors: (await listGrants(context.store, request.params.storeId)).map(grantOut) };
    },
  );

  app.post(
    "/api/stores/:storeId/auditors",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "Grant an auditor's account read access to the store's books (store owner)", params: storeParams, body: auditGrantBody, response: { 201: z.object({ auditor: auditGrant }) } },
    },
    async (request, reply) => {
      const account = owner(request);
      await authorizeStore(context.store, request.params.storeId, account, storeAccess.manage);
      const row = await grantAuditor(context.store, request.params.storeId, request.body.account, account);
      return reply.status(201).send({ auditor: grantOut(row) });
    },
  );

  app.delete(
    "/api/stores/:storeId/auditors/:account",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "Revoke an auditor's access to the store (store owner)",
        params: storeParams.extend({ account: auditGrantBody.shape.account }),
        response: { 200: z.object({ revoked: z.literal(true) }) },
      },
    },
    async (request) => {
      await authorizeStore(context.store, request.params.storeId, owner(request), storeAccess.manage);
      if (!(await revokeAuditor(context.store, request.params.storeId, request.params.account))) {
        throw new AuditHttpError("not_found", "This account has no audit access to the store.");
      }
      return { revoked: true as const };
    },
  );
}
