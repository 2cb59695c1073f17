// Refusals of the audit routes and the auditor guard: an HTTP status and a machine-readable reason,
// rendered as `{ error: { reason, message, ...data } }`.
import { HttpError } from "../errors/http.ts";

export type AuditReason =
  | "auditor_read_only"
  | "not_auditor"
  | "not_granted"
  | "not_found"
  | "forbidden"
  | "store_not_active"
  | "escrow_unavailable"
  | "invalid_period"
  | "receipt_not_found"
  | "audit_busy"
  | "chain_unavailable";

const statuses: Record<AuditReason, number> = {
  auditor_read_only: 403,
  not_auditor: 401,
  not_granted: 403,
  not_found: 404,
  forbidden: 403,
  store_not_active: 409,
  escrow_unavailable: 503,
  invalid_period: 400,
  receipt_not_found: 404,
  audit_busy: 429,
  chain_unavailable: 503,
};

export class AuditHttpError extends HttpError {
  constructor(reason: AuditReason, shortMessage: string, parameters: { data?: Record<string, unknown>; cause?: unknown; details?: string } = {}) {
    super(statuses[reason], reason, shortMessage, { ...parameters, name: "AuditHttpError" });
  }
}
