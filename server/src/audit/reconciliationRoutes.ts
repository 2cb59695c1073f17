// Reconciliation and receipt verification for a signed-in auditor. A reconciliation is a GET — it reads
// the chain and the ledger and changes nothing — answered as JSON (or CSV), or as a server-sent event
// stream with progress, then the report.
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { auditReceipt, auditReport, reconciliationQuery } from "@paykey/sdk/api/audit";
import { receiptJson, reportCsv, type AuditProgress } from "@paykey/sdk/audit";
import type { RelayerContext } from "../context.ts";
import type { RelayerApp } from "../http/app.ts";
import { errorBody } from "../http/errors.ts";
import { HttpError } from "../errors/http.ts";
import { createAuthenticateAuditor } from "./auditSessions.ts";
import { grantedStore } from "./grants.ts";
import { createAuditRunner } from "./runner.ts";

const tags = ["audit"];
const storeParams = z.object({ storeId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be an id") });
const hex32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be a payment id, transaction hash or user-operation hash")
  .transform((value) => value.toLowerCase() as `0x${string}`);

function progressJson(progress: AuditProgress) {
  return { ...progress, blocksScanned: String(progress.blocksScanned), totalBlocks: String(progress.totalBlocks), elapsedMs: undefined };
}

/** Writes one server-sent event. */
function sendEvent(reply: FastifyReply, event: string, data: unknown): void {
  reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export function registerReconciliationRoutes(app: RelayerApp, context: RelayerContext): void {
  const runner = createAuditRunner(context);
  const authenticateAuditor = createAuthenticateAuditor(context);

  app.get(
    "/api/audit/stores/:storeId/reconciliation",
    {
      preHandler: authenticateAuditor,
      schema: {
        tags,
        summary: "Reconcile a store's ledger with the chain for a period (auditor): the sealed report as JSON, or its differences as CSV",
        params: storeParams,
        querystring: reconciliationQuery.extend({ format: z.enum(["json", "csv"]).default("json") }),
        response: { 200: z.union([auditReport, z.string()]) },
      },
    },
    async (request, reply) => {
      const store = await grantedStore(context.store, request.auditor!.account, request.params.storeId);
      const report = await runner.reconcile(store, request.query);
      if (request.query.format === "csv") {
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="audit-${report.chainId}-merchant-${report.merchantId}.csv"`)
          .send(reportCsv(report));
      }
      return report;
    },
  );

  app.get(
    "/api/audit/stores/:storeId/reconciliation/stream",
    {
      preHandler: authenticateAuditor,
      schema: {
        tags,
        summary: "The same reconciliation as a text/event-stream: `progress` events (blocks scanned, logs/s), then `report` (or `failed` with a reason)",
        params: storeParams,
        querystring: reconciliationQuery,
      },
    },
    async (request, reply) => {
      // Refusals before the stream starts are ordinary 4xx answers.
      const store = await grantedStore(context.store, request.auditor!.account, request.params.storeId);
      const aborted = new AbortController();
      request.raw.on("close", () => aborted.abort());
      reply.hijack();
      reply.raw.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" });
      let last = { phase: "", at: 0 };
      try {
        const report = await runner.reconcile(store, request.query, {
          signal: aborted.signal,
          onProgress(progress) {
            // Every phase change, and the scan at most five times a second.
            const now = Date.now();
            if (progress.phase === last.phase && now - last.at < 200) return;
            last = { phase: progress.phase, at: now };
            sendEvent(reply, "progress", progressJson(progress));
          },
        });
        sendEvent(reply, "report", report);
      } catch (error) {
        if (!aborted.signal.aborted) {
          const body = error instanceof HttpError ? errorBody(error.reason, error.shortMessage, error.data) : errorBody("internal_error", "The audit failed.");
          sendEvent(reply, "failed", body.error);
          if (!(error instanceof HttpError)) request.log.error({ err: error }, "audit stream failed");
        }
      } finally {
        reply.raw.end();
      }
    },
  );

  app.get(
    "/api/audit/receipts/:ref",
    {
      preHandler: authenticateAuditor,
      schema: {
        tags,
        summary: "Verify a receipt against the chain by payment id, transaction hash or user-operation hash (auditor)",
        params: z.object({ ref: hex32 }),
        response: { 200: auditReceipt },
      },
    },
    async (request) => receiptJson(await runner.verify(request.params.ref)),
  );
}
