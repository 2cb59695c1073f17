// CSV exports of a store's ledger (GET /api/stores/:storeId/exports/<name>.csv): the query
// and the stable column names of each file. Amounts are exact decimal strings in the store's
// currency (e.g. `12.34`); times are the store's local date and time plus UTC.
import { z } from "zod";
import { isoDate } from "./analytics.ts";

export const exportQuery = z.object({
  /** First local day (default: 29 days before `to`). */
  from: isoDate.optional(),
  /** Last local day, inclusive (default: today in the store's time zone). */
  to: isoDate.optional(),
});

export const settlementQuery = exportQuery.extend({
  /** One row per payment (default) or per local day. */
  by: z.enum(["payment", "day"]).default("payment"),
});

/** payments.csv: every payment authorized in the period, with its totals and status. */
export const paymentColumns = [
  "payment_id",
  "status",
  "finality",
  "authorized_date",
  "authorized_local_time",
  "authorized_utc",
  "payer",
  "order_ref",
  "request_id",
  "currency",
  "price",
  "points_redeemed",
  "coupon_id",
  "coupon_discount",
  "authorized",
  "captured",
  "fees",
  "refunded",
  "released",
  "net",
  "points_minted",
  "line_items_hash",
  "authorization_transaction_hash",
  "user_op_hash",
] as const;

/** line-items.csv: the line items of every sale (first capture) in the period. */
export const lineItemColumns = ["sale_date", "sale_local_time", "payment_id", "order_ref", "item", "quantity", "unit_price", "total", "currency"] as const;

/**
 * settlement.csv by payment: each sale in the period, what the payer paid (and in which token,
 * at which FX rate and spread, when a conversion happened), the fee, what reached the payout,
 * the refunds, and the transactions.
 */
export const settlementPaymentColumns = [
  "sale_date",
  "sale_local_time",
  "sale_utc",
  "payment_id",
  "order_ref",
  "payer",
  "currency",
  "gross",
  "discount",
  "fee",
  "net_to_payout",
  "refunded",
  "net",
  "paid_token",
  "paid_amount",
  "fx_rate",
  "fx_spread_bps",
  "capture_transaction_hash",
  "authorization_transaction_hash",
  "finality",
] as const;

/** settlement.csv by day: each local day of the period (days without activity included). */
export const settlementDayColumns = ["date", "currency", "sales", "gross", "discounts", "fees", "net_to_payout", "refunds", "net", "fx_conversions"] as const;

export type ExportQuery = z.input<typeof exportQuery>;
export type SettlementQuery = z.input<typeof settlementQuery>;
