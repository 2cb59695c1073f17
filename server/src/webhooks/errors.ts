// Refusals of the webhook routes, rendered as `{ error: { reason, message, ...data } }`;
// reasons from the shared list (sdk/src/api/reasons.ts).
import type { RelayerReason } from "@paykey/sdk/api/reasons";
import { HttpError } from "../errors/http.ts";

export type WebhookReason = Extract<RelayerReason, "endpoint_not_public" | "endpoint_unresolvable" | "not_found">;

const statuses: Record<WebhookReason, number> = {
  endpoint_not_public: 400,
  endpoint_unresolvable: 400,
  not_found: 404,
};

export class WebhookError extends HttpError {
  constructor(reason: WebhookReason, shortMessage: string, parameters: { data?: Record<string, unknown>; cause?: unknown } = {}) {
    super(statuses[reason], reason, shortMessage, { ...parameters, name: "WebhookError" });
  }
}
