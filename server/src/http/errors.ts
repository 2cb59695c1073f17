// Turns every error into a response with a reason. Bad input is a 4xx (never a 500):
// schema validation, malformed JSON, oversize bodies, unknown routes, rate limits. A 500 is
// left only for a fault of the relayer itself, and it is logged without the request body.
import type { ErrorBody } from "@paykey/sdk/api";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { HttpError } from "../errors/http.ts";
import { BaseError } from "../errors/base.ts";


const fastifyReasons: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "body_too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "invalid_content_length",
  FST_ERR_CTP_EMPTY_JSON_BODY: "empty_body",
  FST_ERR_CTP_INVALID_JSON_BODY: "malformed_json",
  FST_ERR_VALIDATION: "invalid_input",
  FST_ERR_BAD_URL: "bad_url",
  FST_ERR_MAX_PARAM_LENGTH: "bad_url",
};

export function errorBody(reason: string, message: string, data: Record<string, unknown> = {}): ErrorBody {
  return { error: { ...data, reason, message } };
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof HttpError) {
    void reply.status(error.statusCode).send(errorBody(error.reason, error.shortMessage, error.data));
    return;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      path: `${issue.instancePath || "/"}`,
      message: issue.message ?? "invalid",
    }));
    void reply.status(400).send(errorBody("invalid_input", "The request is not valid.", { issues }));
    return;
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const code = fastifyError.code ?? "";
    const reason = fastifyReasons[code] ?? (status === 429 ? "rate_limited" : code.toLowerCase() || "bad_request");
    const message = status === 429 ? "Too many requests; slow down and retry." : (fastifyError.message ?? "Bad request.");
    void reply.status(status).send(errorBody(reason, message));
    return;
  }
  request.log.error(
    { err: error instanceof BaseError ? { name: error.name, message: error.message } : error, route: request.routeOptions.url },
    "request failed",
  );
  void reply.status(500).send(errorBody("internal_error", "Something went wrong on our side; retry shortly."));
}
