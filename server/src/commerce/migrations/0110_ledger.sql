-- The ledger: every escrow event with all of its receipt's fields (fee, discounts, points,
-- coupon, payout), its finality, the hash of every block the indexer recorded (reorg
-- detection), each store's time zone, and the notifications the indexer emits for webhooks.
--
-- Rows indexed before this migration lack the new fields. The ledger is an index of the
-- chain, so it is emptied here and the indexer rebuilds it from the deployment's first block.
DELETE FROM commerce_payment_events;
DELETE FROM commerce_payments;
DELETE FROM commerce_cursors WHERE name LIKE 'escrow:%';
UPDATE commerce_requests SET payment_id = NULL, paid_at = NULL WHERE payment_id IS NOT NULL;

-- IANA name (validated by the relayer against its own and PostgreSQL's zone database);
-- analytics and exports count days and hours in it.
ALTER TABLE commerce_stores ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';

ALTER TABLE commerce_payment_events
  ADD COLUMN merchant_id NUMERIC(78,0) NOT NULL,
  ADD COLUMN payer TEXT NOT NULL,
  ADD COLUMN token TEXT NOT NULL,
  ADD COLUMN order_ref TEXT NOT NULL,
  ADD COLUMN line_items_hash TEXT NOT NULL,
  -- authorized: the price before discounts, the loyalty points and coupon redeemed, the fee rate
  ADD COLUMN price NUMERIC(78,0),
  ADD COLUMN points_redeemed NUMERIC(78,0) NOT NULL DEFAULT 0,
  ADD COLUMN coupon_id TEXT,
  ADD COLUMN coupon_discount NUMERIC(78,0) NOT NULL DEFAULT 0,
  ADD COLUMN fee_bps INTEGER,
  -- captured: the fee taken from `amount`, where the net and the fee went, the points minted
  ADD COLUMN fee NUMERIC(78,0) NOT NULL DEFAULT 0,
  ADD COLUMN payout TEXT,
  ADD COLUMN fee_receiver TEXT,
  ADD COLUMN points_minted NUMERIC(78,0) NOT NULL DEFAULT 0,
  -- refunded: who refunded and the earned points burned; voided, reclaimed, refunded: redeemed points credited back
  ADD COLUMN refunder TEXT,
  ADD COLUMN points_burned NUMERIC(78,0) NOT NULL DEFAULT 0,
  ADD COLUMN points_restored NUMERIC(78,0) NOT NULL DEFAULT 0,
  -- The payment's first capture is its sale: it carries the payment's discount (points +
  -- coupon), so that a period's gross sales are its captures plus their discounts.
  ADD COLUMN first_capture BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN discount NUMERIC(78,0) NOT NULL DEFAULT 0,
  -- pending → safe → finalized, from the chain's `safe`/`finalized` blocks (or depth on the local chain)
  ADD COLUMN finality TEXT NOT NULL DEFAULT 'pending' CHECK (finality IN ('pending', 'safe', 'finalized'));
CREATE INDEX commerce_payment_events_merchant_time ON commerce_payment_events (merchant_id, block_timestamp);
CREATE INDEX commerce_payment_events_block ON commerce_payment_events (block_number);
CREATE INDEX commerce_payment_events_unfinal ON commerce_payment_events (block_number) WHERE finality <> 'finalized';

ALTER TABLE commerce_payments
  ADD COLUMN price NUMERIC(78,0) NOT NULL,
  ADD COLUMN points_redeemed NUMERIC(78,0) NOT NULL DEFAULT 0,
  ADD COLUMN coupon_id TEXT,
  ADD COLUMN coupon_discount NUMERIC(78,0) NOT NULL DEFAULT 0,
  -- sums over the payment's captures and refunds
  ADD COLUMN fees NUMERIC(78,0) NOT NULL DEFAULT 0,
  ADD COLUMN points_minted NUMERIC(78,0) NOT NULL DEFAULT 0,
  ADD COLUMN points_burned NUMERIC(78,0) NOT NULL DEFAULT 0,
  ADD COLUMN points_restored NUMERIC(78,0) NOT NULL DEFAULT 0,
  -- block time of the first capture: when the payment became a sale (NULL until captured)
  ADD COLUMN first_captured_at TIMESTAMPTZ,
  -- the least final of its events: a payment is final only when every step of it is
  ADD COLUMN finality TEXT NOT NULL DEFAULT 'pending' CHECK (finality IN ('pending', 'safe', 'finalized'));
CREATE INDEX commerce_payments_merchant_sales ON commerce_payments (merchant_id, first_captured_at, payment_id) WHERE first_captured_at IS NOT NULL;
CREATE INDEX commerce_payments_merchant_payer ON commerce_payments (merchant_id, payer, first_captured_at);

-- The hash of each block the indexer recorded: the blocks holding events and the last block of
-- each batch. A stored hash the chain no longer has marks a reorganisation; the highest stored
-- block the chain still has is the common ancestor the ledger is rolled back to.
CREATE TABLE commerce_indexed_blocks (
  cursor_name TEXT NOT NULL,
  block_number NUMERIC(78,0) NOT NULL,
  block_hash TEXT NOT NULL,
  parent_hash TEXT NOT NULL,
  block_timestamp TIMESTAMPTZ NOT NULL,
  -- false: kept only as a batch end; pruned once finalized
  has_events BOOLEAN NOT NULL,
  PRIMARY KEY (cursor_name, block_number)
);

-- What happened, for webhooks: written by the indexer in the transaction that records the
-- event (one writer at a time under its advisory lock, so ids grow in commit order).
-- `event_id` is stable across re-indexing (derived from transaction hash and log index), so a
-- receiver can de-duplicate.
CREATE TABLE commerce_notifications (
  id BIGSERIAL PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  merchant_id NUMERIC(78,0) NOT NULL,
  payment_id TEXT,
  payload JSONB NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The ledger: one row per escrow event joined with the order data the relayer holds off-chain
-- (store and its time zone, payment request, order reference, line items).
CREATE VIEW commerce_ledger AS
SELECT e.transaction_hash, e.log_index, e.payment_id, e.kind, e.amount, e.fee, e.discount, e.first_capture,
       e.price, e.points_redeemed, e.coupon_id, e.coupon_discount, e.fee_bps, e.payout, e.fee_receiver,
       e.points_minted, e.points_burned, e.points_restored, e.refunder,
       e.merchant_id, e.payer, e.token, e.order_ref, e.line_items_hash,
       e.block_number, e.block_hash, e.block_timestamp, e.user_op_hash, e.finality,
       s.id AS store_id, s.name AS store_name, COALESCE(s.time_zone, 'UTC') AS time_zone,
       e.block_timestamp AT TIME ZONE COALESCE(s.time_zone, 'UTC') AS local_time,
       c.request_id, r.order_ref AS request_order_ref, r.line_items, r.currency, r.decimals
  FROM commerce_payment_events e
  LEFT JOIN commerce_stores s ON s.merchant_id = e.merchant_id
  LEFT JOIN commerce_checkouts c ON c.payment_id = e.payment_id
  LEFT JOIN commerce_requests r ON r.id = c.request_id;
