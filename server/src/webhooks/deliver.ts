// One delivery attempt: POST the body to the endpoint, signed per Standard Webhooks with the
// `standardwebhooks` library (webhook-id, webhook-timestamp, webhook-signature; during a secret
// rotation the signature header carries one signature per valid secret). Redirects are not
// followed, the connection's DNS lookup refuses non-public addresses (unless allowed), and the
// whole exchange is bounded by a timeout. Only the status code is kept from the answer.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { Webhook } from "standardwebhooks";
import { guardedLookup, isPrivateAddress } from "./addressGuard.ts";
import type { AttemptResult } from "./queue.ts";

export type DeliverParameters = {
  url: string;
  eventId: string;
  body: string;
  /** Every secret that signs (the current one, and a rotated-out one during its grace period). */
  secrets: readonly string[];
  now: Date;
  timeoutMs: number;
  allowPrivate: boolean;
};

/** The webhook-signature header: `v1,<base64>` per secret, space-separated. */
export function signatures(secrets: readonly string[], eventId: string, at: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(eventId, at, body)).join(" ");
}

export function deliver(parameters: DeliverParameters): Promise<AttemptResult> {
  const started = Date.now();
  const attemptedAt = parameters.now;
  const done = (statusCode: number | null, error: string | null): AttemptResult => ({ attemptedAt, statusCode, error, durationMs: Date.now() - started });
  const url = new URL(parameters.url);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // An IP literal is connected to without a lookup, so it is checked here.
  if (!parameters.allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) return Promise.resolve(done(null, `${host} is not a public address`));

  return new Promise((resolve) => {
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Paykey-Webhooks/1",
          "webhook-id": parameters.eventId,
          "webhook-timestamp": Math.floor(attemptedAt.getTime() / 1000).toString(),
          "webhook-signature": signatures(parameters.secrets, parameters.eventId, attemptedAt, parameters.body),
        },
        lookup: guardedLookup(parameters.allowPrivate) as never,
        timeout: parameters.timeoutMs,
      },
      (response) => {
        // The answer's body is not needed; read it so the connection is released.
        response.resume();
        response.on("end", () => resolve(done(response.statusCode ?? null, null)));
        response.on("error", (error) => resolve(done(response.statusCode ?? null, error.message)));
      },
    );
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${parameters.timeoutMs} ms`)), parameters.timeoutMs);
    request.on("timeout", () => request.destroy(new Error(`no answer within ${parameters.timeoutMs} ms`)));
    request.on("error", (error) => resolve(done(null, error.message)));
    request.on("close", () => clearTimeout(timer));
    request.end(parameters.body);
  });
}
