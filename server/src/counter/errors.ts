// Refusals of the counter routes: an HTTP status and a machine-readable reason, rendered as
// `{ error: { reason, message, ...data } }` (server/src/http/errors.ts).
import type { CounterErrorReason } from "@paykey/sdk/api/reasons";
import { HttpError } from "../errors/http.ts";

export type CounterReason = CounterErrorReason;

const statuses: Record<CounterReason, number> = {
  not_found: 404,
  forbidden: 403,
  store_not_active: 409,
  invite_expired: 410,
  invite_used: 409,
  owner_cannot_be_cashier: 409,
  already_cashier: 409,
  unknown_item: 400,
  coupon_not_found: 404,
  coupon_invalid: 400,
  coupon_exists: 409,
  coupon_signature_invalid: 400,
  coupons_disabled: 409,
  coupon_wrong_merchant: 409,
  coupon_expired: 410,
  coupon_used_up: 409,
  coupon_wrong_payer: 403,
  insufficient_points: 409,
  discount_covers_price: 409,
  payer_required: 401,
  device_current: 409,
  device_on_chain: 409,
  account_unknown: 404,
  recovery_not_executed: 409,
  escrow_unavailable: 503,
};

export class CounterError extends HttpError {
  constructor(reason: CounterReason, shortMessage: string, parameters: { data?: Record<string, unknown>; cause?: unknown; details?: string } = {}) {
    super(statuses[reason], reason, shortMessage, { ...parameters, name: "CounterError" });
  }
}
