// Errors that become an HTTP status with a machine-readable reason in the body:
// `{ error: { reason, message, ...data } }`.
import type { RelayerReason } from "@paykey/sdk/api/reasons";
import { BaseError, type BaseErrorParameters } from "./base.ts";

export class HttpError extends BaseError {
  readonly statusCode: number;
  /** One of the shared list (sdk/src/api/reasons.ts), which the web app translates. */
  readonly reason: RelayerReason;
  readonly data: Record<string, unknown> | undefined;

  constructor(
    statusCode: number,
    reason: RelayerReason,
    shortMessage: string,
    parameters: BaseErrorParameters & { data?: Record<string, unknown> } = {},
  ) {
    super(shortMessage, { name: "HttpError", ...parameters });
    this.statusCode = statusCode;
    this.reason = reason;
    this.data = parameters.data;
  }
}

export class UnauthenticatedError extends HttpError {
  constructor(shortMessage = "Sign in with your passkey first.") {
    super(401, "unauthenticated", shortMessage, { name: "UnauthenticatedError" });
  }
}

export class NotFoundError extends HttpError {
  constructor(shortMessage: string) {
    super(404, "not_found", shortMessage, { name: "NotFoundError" });
  }
}
