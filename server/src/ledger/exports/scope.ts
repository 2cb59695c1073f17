// What every export query needs: the store's merchant, time zone, currency and decimals, and the period.
import { toDecimalString } from "@paykey/sdk/money";
import type { Period } from "../period.ts";

export type ExportScope = { merchantId: string; timeZone: string; currency: string; decimals: number; period: Period };

/** An exact decimal string of base units (`12340000` → `12.34`); empty for null. */
export const amount = (value: string | null, decimals: number): string => (value === null ? "" : toDecimalString(BigInt(value), decimals));

/** Local date and time columns of a timestamp, in SQL (`$tz` is the time zone parameter). */
export const localColumns = (column: string, tz: string, prefix: string) =>
  `to_char(${column} AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS ${prefix}_date, to_char(${column} AT TIME ZONE ${tz}, 'YYYY-MM-DD HH24:MI:SS') AS ${prefix}_local_time`;

/** The order reference the merchant typed (from its request), else the on-chain hash. */
export const orderRefColumn = "COALESCE(r.order_ref, p.order_ref) AS order_ref";

/** Joins a payment `p` with its checkout `c` and request `r` (both absent for payments made outside a Paykey checkout). */
export const orderJoins = "LEFT JOIN commerce_checkouts c ON c.payment_id = p.payment_id LEFT JOIN commerce_requests r ON r.id = c.request_id";
