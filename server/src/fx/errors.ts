// Refusals of the FX routes: an HTTP status and a machine-readable reason, rendered as
// `{ error: { reason, message, ...data } }` (server/src/http/errors.ts).
import { HttpError } from "../errors/http.ts";

export type FxReason =
  | "fx_unavailable"
  | "fx_paused"
  | "token_unavailable"
  | "pair_not_found"
  | "pair_disabled"
  | "feed_stale"
  | "feed_invalid"
  | "insufficient_liquidity"
  | "request_not_found"
  | "request_not_open"
  | "invalid_quote";

const statuses: Record<FxReason, number> = {
  fx_unavailable: 503,
  fx_paused: 503,
  token_unavailable: 400,
  pair_not_found: 400,
  pair_disabled: 409,
  feed_stale: 503,
  feed_invalid: 503,
  insufficient_liquidity: 409,
  request_not_found: 404,
  request_not_open: 409,
  invalid_quote: 400,
};

export class FxError extends HttpError {
  constructor(reason: FxReason, shortMessage: string, parameters: { data?: Record<string, unknown>; cause?: unknown; details?: string } = {}) {
    super(statuses[reason], reason, shortMessage, { ...parameters, name: "FxError" });
  }
}
