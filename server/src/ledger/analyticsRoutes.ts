// GET /api/stores/:storeId/analytics (sales, peak hours, payers, items, loyalty, coupons for a
// period in the store's time zone) and POST /api/stores/:storeId/time-zone. Store owner only.
import { z } from "zod";
import { analyticsQuery, analyticsResponse, timeZoneBody, timeZoneResponse } from "@paykey/sdk/api/analytics";
import type { RelayerContext } from "../context.ts";
import type { RelayerApp } from "../http/app.ts";
import { id } from "@paykey/sdk/api";
import { backOfficeStore } from "./access.ts";
import { storeAnalytics } from "./analytics/analytics.ts";
import { resolvePeriod } from "./period.ts";
import { setStoreTimeZone } from "./timeZone.ts";

const tags = ["analytics"];
const storeParams = z.object({ storeId: id });

/** Longest period: a year of days, or a month of hours. */
export const maxPeriodDays = { day: 366, hour: 31 } as const;

export function registerAnalyticsRoutes(app: RelayerApp, context: RelayerContext): void {
  const { store: db, config } = context;
  const decimalsOf = (currency: string) => config.contracts.tokens.find((token) => token.currency === currency)?.decimals ?? 6;

  app.get(
    "/api/stores/:storeId/analytics",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "A store's sales analytics for a period of local days, in its time zone (store owner)",
        params: storeParams,
        querystring: analyticsQuery,
        response: { 200: analyticsResponse },
      },
    },
    async (request) => {
      const store = await backOfficeStore(db, request, request.params.storeId);
      const { granularity } = request.query;
      const period = await resolvePeriod(db, {
        from: request.query.from,
        to: request.query.to,
        timeZone: store.time_zone,
        now: context.now(),
        defaultDays: request.query.days,
        maxDays: maxPeriodDays[granularity],
      });
      return storeAnalytics(db, { store, decimals: decimalsOf(store.currency), period, granularity });
    },
  );

  app.post(
    "/api/stores/:storeId/time-zone",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "Set the store's time zone (IANA name); analytics and exports count days and hours in it (store owner)",
        params: storeParams,
        body: timeZoneBody,
        response: { 200: timeZoneResponse },
      },
    },
    async (request) => {
      const store = await backOfficeStore(db, request, request.params.storeId);
      await setStoreTimeZone(db, { storeId: store.id, merchantId: store.merchant_id, timeZone: request.body.timeZone, escrow: config.contracts.escrow });
      return { storeId: store.id, timeZone: request.body.timeZone };
    },
  );
}
