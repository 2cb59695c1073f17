-- FX: conversions indexed from the FxRouter's Converted events (one row per event), and the cursor of
-- that indexer. A conversion's payment_id is the caller's reference: the payment it paid for, or the
-- refunded payment a payer converted back (zero for a conversion of its own). Amounts and rates are
-- integers: NUMERIC(78,0); the rate is the feed answer (one base unit in the numeraire) with its decimals.
CREATE TABLE fx_conversions (
  transaction_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  payment_id TEXT NOT NULL,
  payer TEXT NOT NULL,
  token_in TEXT NOT NULL,
  token_out TEXT NOT NULL,
  amount_in NUMERIC(78,0) NOT NULL,
  amount_out NUMERIC(78,0) NOT NULL,
  rate NUMERIC(78,0) NOT NULL,
  rate_decimals INTEGER NOT NULL,
  spread_bps INTEGER NOT NULL,
  feed_round_id NUMERIC(78,0) NOT NULL,
  block_number NUMERIC(78,0) NOT NULL,
  block_hash TEXT NOT NULL,
  block_timestamp TIMESTAMPTZ NOT NULL,
  -- the ERC-4337 user operation that converted; NULL for a plain transaction
  user_op_hash TEXT,
  PRIMARY KEY (transaction_hash, log_index)
);
CREATE INDEX fx_conversions_payment ON fx_conversions (payment_id, block_number, log_index);
CREATE INDEX fx_conversions_payer ON fx_conversions (payer, block_number DESC, log_index DESC);

-- Where the conversion indexer resumes: the next block it has not read.
CREATE TABLE fx_cursors (
  name TEXT PRIMARY KEY,
  next_block NUMERIC(78,0) NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
