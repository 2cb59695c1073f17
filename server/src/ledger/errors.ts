// Refusals of the back-office routes (analytics, exports), rendered as
// `{ error: { reason, message, ...data } }`; reasons from the shared list (sdk/src/api/reasons.ts).
import type { BackOfficeReason } from "@paykey/sdk/api/reasons";
import { HttpError } from "../errors/http.ts";

export type LedgerReason = Extract<BackOfficeReason, "invalid_period" | "invalid_time_zone">;

export class LedgerError extends HttpError {
  constructor(reason: LedgerReason, shortMessage: string, parameters: { data?: Record<string, unknown>; cause?: unknown } = {}) {
    super(400, reason, shortMessage, { ...parameters, name: "LedgerError" });
  }
}
