// A store's analytics for a period, in its time zone: every section of the response in one
// object (see sdk/src/api/analytics.ts for the definitions).
import type { Analytics, AnalyticsGranularity } from "@paykey/sdk/api/analytics";
import type { Queryable } from "../../db/store.ts";
import type { BackOfficeStore } from "../access.ts";
import type { Period } from "../period.ts";
import { couponsByCoupon } from "./coupons.ts";
import { customers } from "./customers.ts";
import { peakHours } from "./peakHours.ts";
import { salesSeries, salesSummary, type SalesScope } from "./sales.ts";
import { topItems } from "./topItems.ts";

export async function storeAnalytics(
  db: Queryable,
  parameters: { store: BackOfficeStore; decimals: number; period: Period; granularity: AnalyticsGranularity },
): Promise<Analytics> {
  const { store, period, granularity } = parameters;
  // A store not yet registered on-chain has no merchant id, so nothing was sold: every bucket is empty.
  const scope: SalesScope = { merchantId: store.merchant_id ?? "-1", timeZone: store.time_zone, period };
  const [sales, series, peak, payers, items, byCoupon] = await Promise.all([
    salesSummary(db, scope),
    salesSeries(db, scope, granularity),
    peakHours(db, scope),
    customers(db, scope),
    topItems(db, scope),
    couponsByCoupon(db, scope),
  ]);
  return {
    store: { id: store.id, name: store.name, currency: store.currency, decimals: parameters.decimals, timeZone: store.time_zone },
    period: { from: period.from, to: period.to, start: period.start.toISOString(), end: period.end.toISOString(), granularity },
    summary: sales.summary,
    series,
    peakHours: peak,
    customers: payers,
    topItems: items,
    loyalty: sales.loyalty,
    coupons: { ...sales.coupons, byCoupon },
  };
}
