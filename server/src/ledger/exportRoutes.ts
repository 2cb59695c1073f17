// GET /api/stores/:storeId/exports/{payments,line-items,settlement}.csv: streamed CSV of the
// store's ledger for a period of local days (store owner). Columns in sdk/src/api/exports.ts.
import { z } from "zod";
import {
  exportQuery,
  lineItemColumns,
  paymentColumns,
  settlementDayColumns,
  settlementPaymentColumns,
  settlementQuery,
} from "@paykey/sdk/api/exports";
import type { RelayerContext } from "../context.ts";
import type { RelayerApp } from "../http/app.ts";
import { id } from "@paykey/sdk/api";
import { backOfficeStore } from "./access.ts";
import { sendCsv } from "./exports/csv.ts";
import { lineItemRows } from "./exports/lineItemsCsv.ts";
import { paymentRows } from "./exports/paymentsCsv.ts";
import type { ExportScope } from "./exports/scope.ts";
import { hasFxConversions, settlementDayRows, settlementPaymentRows } from "./exports/settlementCsv.ts";
import { resolvePeriod } from "./period.ts";

const tags = ["exports"];
const storeParams = z.object({ storeId: id });
/** Longest export: ten years of days. */
const maxExportDays = 3_660;

export function registerExportRoutes(app: RelayerApp, context: RelayerContext): void {
  const { store: db, config, logger } = context;
  const decimalsOf = (currency: string) => config.contracts.tokens.find((token) => token.currency === currency)?.decimals ?? 6;
  const tokenDecimals = (address: string) => config.contracts.tokens.find((token) => token.address.toLowerCase() === address.toLowerCase())?.decimals ?? 6;

  async function scopeOf(request: Parameters<typeof backOfficeStore>[1], storeId: string, query: { from?: string | undefined; to?: string | undefined }) {
    const store = await backOfficeStore(db, request, storeId);
    const period = await resolvePeriod(db, { from: query.from, to: query.to, timeZone: store.time_zone, now: context.now(), maxDays: maxExportDays });
    const scope: ExportScope = { merchantId: store.merchant_id ?? "-1", timeZone: store.time_zone, currency: store.currency, decimals: decimalsOf(store.currency), period };
    return { store, scope, name: (file: string) => `${store.id}-${file}-${period.from}-${period.to}.csv` };
  }
  const schema = (summary: string, querystring: z.ZodType = exportQuery) => ({
    preHandler: context.authenticate,
    schema: { tags, summary, params: storeParams, querystring, produces: ["text/csv"] },
  });

  app.get("/api/stores/:storeId/exports/payments.csv", schema("Payments authorized in the period, as CSV (store owner)"), async (request, reply) => {
    const { scope, name } = await scopeOf(request, request.params.storeId, request.query as z.output<typeof exportQuery>);
    return sendCsv(reply, { filename: name("payments"), columns: paymentColumns, rows: paymentRows(db, scope), logger });
  });

  app.get("/api/stores/:storeId/exports/line-items.csv", schema("Line items of the period's sales, as CSV (store owner)"), async (request, reply) => {
    const { scope, name } = await scopeOf(request, request.params.storeId, request.query as z.output<typeof exportQuery>);
    return sendCsv(reply, { filename: name("line-items"), columns: lineItemColumns, rows: lineItemRows(db, scope), logger });
  });

  app.get(
    "/api/stores/:storeId/exports/settlement.csv",
    schema("Settlement report by payment or by local day: gross, discount, fee, FX, net to payout, refunds (store owner)", settlementQuery),
    async (request, reply) => {
      const query = request.query as z.output<typeof settlementQuery>;
      const { scope, name } = await scopeOf(request, request.params.storeId, query);
      const fx = await hasFxConversions(db);
      return query.by === "day"
        ? sendCsv(reply, { filename: name("settlement-daily"), columns: settlementDayColumns, rows: settlementDayRows(db, scope, { fx }), logger })
        : sendCsv(reply, { filename: name("settlement"), columns: settlementPaymentColumns, rows: settlementPaymentRows(db, scope, { fx, decimalsOf: tokenDecimals }), logger });
    },
  );
}
