// Refusals of the FX routes: an HTTP status and a machine-readable reason from the shared list
// (sdk/src/api/reasons.ts: FX reasons, and the commerce reasons a quote for a request shares),
// rendered as `{ error: { reason, message, ...data } }` (server/src/http/errors.ts).
import type { FxReason } from "@paykey/sdk/api/reasons";
import { HttpError } from "../errors/http.ts";

type FxErrorReason = FxReason | "currency_unavailable" | "not_found" | "request_paid" | "request_expired" | "execution_reverted";

const statuses: Record<FxErrorReason, number> = {
  fx_unavailable: 503,
  pair_not_found: 400,
  feed_unavailable: 503,
  insufficient_liquidity: 409,
  currency_unavailable: 400,
  not_found: 404,
  request_paid: 409,
  request_expired: 410,
  execution_reverted: 400,
};

export class FxError extends HttpError {
  constructor(reason: FxErrorReason, shortMessage: string, parameters: { data?: Record<string, unknown>; cause?: unknown; details?: string } = {}) {
    super(statuses[reason], reason, shortMessage, { ...parameters, name: "FxError" });
  }
}
