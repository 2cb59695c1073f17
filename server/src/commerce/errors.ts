// Refusals of the commerce routes: an HTTP status and a machine-readable reason, rendered by
// server/src/http/errors.ts as `{ error: { reason, message, ...data } }` (routes.ts adds `code`,
// the same value, as the commerce API contract names it).
import type { CommerceReason } from "@paykey/sdk/api/reasons";
import { HttpError } from "../errors/http.ts";

export type { CommerceReason };

const statuses: Record<CommerceReason, number> = {
  not_found: 404,
  forbidden: 403,
  currency_unavailable: 400,
  escrow_unavailable: 503,
  not_registered: 400,
  merchant_claimed: 409,
  store_not_active: 409,
  line_items_mismatch: 400,
  request_paid: 409,
  request_expired: 410,
  payer_required: 401,
  faucet_disabled: 404,
  faucet_rate_limited: 429,
  faucet_unavailable: 503,
};

export class CommerceError extends HttpError {
  constructor(reason: CommerceReason, shortMessage: string, parameters: { data?: Record<string, unknown>; cause?: unknown; details?: string } = {}) {
    super(statuses[reason], reason, shortMessage, { ...parameters, name: "CommerceError" });
  }
}
