// Why a passkey ceremony or a session was refused, as an HTTP status and a reason code.
import type { AuthReason } from "@paykey/sdk/api/reasons";
import { HttpError } from "../errors/http.ts";

export type { AuthReason };

const statuses: Record<AuthReason, number> = {
  invalid_response: 400,
  challenge_unknown: 400,
  challenge_expired: 400,
  origin_mismatch: 400,
  rp_id_mismatch: 400,
  user_verification_required: 400,
  credential_unknown: 401,
  credential_exists: 409,
  signature_invalid: 401,
  unsupported_key: 400,
  unauthenticated: 401,
  session_expired: 401,
};

export class AuthError extends HttpError {
  constructor(reason: AuthReason, shortMessage: string, parameters: { cause?: unknown; details?: string } = {}) {
    super(statuses[reason], reason, shortMessage, { ...parameters, name: "AuthError" });
  }
}
