// Refusals of the back-office routes (analytics, exports, webhooks): an HTTP status and a
// machine-readable reason, rendered as `{ error: { reason, message, ...data } }`.
import { HttpError } from "../errors/http.ts";

export type LedgerReason = "invalid_period" | "invalid_time_zone" | "store_not_active";

const statuses: Record<LedgerReason, number> = {
  invalid_period: 400,
  invalid_time_zone: 400,
  store_not_active: 409,
};

export class LedgerError extends HttpError {
  constructor(reason: LedgerReason, shortMessage: string, parameters: { data?: Record<string, unknown>; cause?: unknown } = {}) {
    super(statuses[reason], reason, shortMessage, { ...parameters, name: "LedgerError" });
  }
}
