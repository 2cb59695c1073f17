// Webhooks (Standard Webhooks): a store's endpoints, the events they subscribe to, and each
// delivery with its attempts. Request and response schemas of /api/stores/:storeId/webhooks*;
// the web app uses their types only (`import type`).
//
// Each delivery is a POST of `{ "type", "timestamp", "data" }` signed with the endpoint's
// secret (headers webhook-id, webhook-timestamp, webhook-signature; verify with the
// `standardwebhooks` library). webhook-id is the event's id: stable across retries and
// redeliveries, so receivers de-duplicate on it.
import { z } from "zod";

/** What an endpoint can subscribe to. */
export const webhookEventTypes = [
  "payment.authorized",
  "payment.captured",
  "payment.voided",
  "payment.reclaimed",
  "payment.refunded",
  "request.paid",
  "payment.finalized",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const webhookEventType = z.enum(webhookEventTypes);

export const createEndpointBody = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2_048),
  eventTypes: z.array(webhookEventType).min(1).max(webhookEventTypes.length),
});

export const updateEndpointBody = z.object({
  eventTypes: z.array(webhookEventType).min(1).max(webhookEventTypes.length).optional(),
  enabled: z.boolean().optional(),
});

export const deliveriesQuery = z.object({
  endpointId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const endpointOut = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(webhookEventType),
  enabled: z.boolean(),
  createdAt: z.string(),
  /** Until then, deliveries are also signed with the secret before the last rotation. */
  previousSecretExpiresAt: z.string().nullable(),
});

/** A secret is only ever in the answer that creates it (create, rotate): it is shown once. */
export const endpointWithSecret = z.object({ endpoint: endpointOut, secret: z.string() });

export const attemptOut = z.object({
  attempt: z.number(),
  at: z.string(),
  /** The receiver's HTTP status; null when there was no answer (see `error`). */
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});

export const deliveryOut = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: webhookEventType,
  status: z.enum(["pending", "succeeded", "failed"]),
  createdAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  attempts: z.array(attemptOut),
});

export type WebhookEndpoint = z.output<typeof endpointOut>;
export type WebhookDelivery = z.output<typeof deliveryOut>;
export type WebhookAttempt = z.output<typeof attemptOut>;
