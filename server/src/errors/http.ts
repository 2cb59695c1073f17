// Errors that become an HTTP status with a machine-readable reason in the body:
// `{ error: { reason, message, ...data } }`.
import { BaseError, type BaseErrorParameters } from "./base.ts";

export class HttpError extends BaseError {
  readonly statusCode: number;
  readonly reason: string;
  readonly data: Record<string, unknown> | undefined;

  constructor(
    statusCode: number,
    reason: string,
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
