-- Webhooks: a store's endpoints, the durable delivery queue (one row per endpoint and event,
-- claimed with FOR UPDATE SKIP LOCKED and a lease, so several relayers share it and a killed
-- one's deliveries are retried), every attempt with its status code and time, and how far the
-- ledger's notifications (commerce_notifications) have been fanned out.

CREATE TABLE webhook_endpoints (
  -- url-safe random id
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES commerce_stores (id),
  url TEXT NOT NULL,
  -- the event types it subscribes to, e.g. ["payment.captured", "payment.refunded"]
  event_types JSONB NOT NULL,
  -- Standard Webhooks secret (whsec_ + base64); returned once, when created or rotated
  secret TEXT NOT NULL,
  -- after a rotation, deliveries carry a signature with the old secret too until it expires
  previous_secret TEXT,
  previous_secret_expires_at TIMESTAMPTZ,
  enabled BOOLEAN NOT NULL DEFAULT true,
  -- it receives the notifications after this one (those that happen once it exists)
  after_notification_id BIGINT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_endpoints_store ON webhook_endpoints (store_id, created_at);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  -- the notification's stable id: the webhook-id header of every attempt
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  -- the exact body sent on every attempt
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ,
  -- a worker's lease on a claimed delivery; expired leases are claimed again (the worker died)
  locked_until TIMESTAMPTZ,
  -- retries stop once an attempt fails after this (at least the configured retry window after creation)
  retry_until TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);

CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  attempted_at TIMESTAMPTZ NOT NULL,
  -- the receiver's HTTP status, or NULL with `error` when it did not answer
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);

-- The last commerce_notifications id turned into deliveries.
CREATE TABLE webhook_fanout (
  name TEXT PRIMARY KEY,
  last_notification_id BIGINT NOT NULL
);
