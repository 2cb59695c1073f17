-- Sales rollups for analytics: what each local hour (in the store's time zone) and each local
-- day's line items add up to, maintained by the indexer in the transaction that records or
-- rolls back the events (each event adds its share; a rollback subtracts it), and rebuilt for
-- a merchant whose store changes time zone. Analytics periods are whole local days, so a
-- 30-day query reads 720 hourly rows instead of every event.

-- Rows indexed before this migration lack the payers' previous sales: the indexer rebuilds them.
DELETE FROM commerce_payment_events;
DELETE FROM commerce_payments;
DELETE FROM commerce_indexed_blocks;
DELETE FROM commerce_cursors WHERE name LIKE 'escrow:%';
UPDATE commerce_requests SET payment_id = NULL, paid_at = NULL WHERE payment_id IS NOT NULL;

-- The payer's previous two sales (first captures) at this merchant, set on each first capture:
-- with them a period's new, returning and repeat payers are counts over its sales, not a
-- group-by over payers.
ALTER TABLE commerce_payment_events
  ADD COLUMN payer_prev_sale_at TIMESTAMPTZ,
  ADD COLUMN payer_prev2_sale_at TIMESTAMPTZ;
CREATE INDEX commerce_payment_events_sales ON commerce_payment_events (merchant_id, block_timestamp)
  INCLUDE (payer_prev_sale_at, payer_prev2_sale_at) WHERE first_capture;
CREATE INDEX commerce_payment_events_payer_sales ON commerce_payment_events (merchant_id, payer, block_number DESC, log_index DESC)
  WHERE first_capture;
CREATE INDEX commerce_payment_events_coupons ON commerce_payment_events (merchant_id, block_timestamp) INCLUDE (coupon_id, coupon_discount)
  WHERE coupon_id IS NOT NULL;

CREATE TABLE commerce_sales_hourly (
  merchant_id NUMERIC(78,0) NOT NULL,
  -- start of the local hour in the store's time zone
  hour TIMESTAMPTZ NOT NULL,
  -- events counted here; a row whose events were all rolled back is deleted
  event_count INTEGER NOT NULL,
  -- first captures (sales), and their captured amount plus discounts
  orders INTEGER NOT NULL,
  gross NUMERIC(78,0) NOT NULL,
  discounts NUMERIC(78,0) NOT NULL,
  fees NUMERIC(78,0) NOT NULL,
  captured NUMERIC(78,0) NOT NULL,
  refunds NUMERIC(78,0) NOT NULL,
  refund_count INTEGER NOT NULL,
  authorizations INTEGER NOT NULL,
  points_minted NUMERIC(78,0) NOT NULL,
  points_redeemed NUMERIC(78,0) NOT NULL,
  points_burned NUMERIC(78,0) NOT NULL,
  points_restored NUMERIC(78,0) NOT NULL,
  coupons INTEGER NOT NULL,
  coupon_discount NUMERIC(78,0) NOT NULL,
  -- sales that were the payer's first ever at this merchant
  new_payers INTEGER NOT NULL,
  PRIMARY KEY (merchant_id, hour)
);

CREATE TABLE commerce_item_sales_daily (
  merchant_id NUMERIC(78,0) NOT NULL,
  -- the local date in the store's time zone
  day DATE NOT NULL,
  name TEXT NOT NULL,
  -- sales holding this item; a row left with none is deleted
  orders INTEGER NOT NULL,
  quantity BIGINT NOT NULL,
  -- quantity × unit price (list prices, before discounts)
  revenue NUMERIC(78,0) NOT NULL,
  PRIMARY KEY (merchant_id, day, name)
);
