-- Commerce: merchants' stores, payment requests with line items, checkouts (the exact escrow
-- terms offered to a payer), payments and their events indexed from the escrow's logs, the
-- indexer's cursor, and the faucet's per-account rate limit. Addresses and hashes are
-- lowercase hex; money is NUMERIC(78,0) in token base units.

CREATE TABLE commerce_stores (
  -- url-safe random id
  id TEXT PRIMARY KEY,
  -- the merchant's smart account: registers, owns and operates the on-chain merchant
  owner_account TEXT NOT NULL,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  settlement_token TEXT NOT NULL,
  payout TEXT NOT NULL,
  loyalty_bps INTEGER NOT NULL CHECK (loyalty_bps BETWEEN 0 AND 10000),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active')),
  -- set from the MerchantRegistered event read from the chain
  merchant_id NUMERIC(78,0) UNIQUE,
  fee_bps INTEGER,
  registration_tx TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK ((status = 'active') = (merchant_id IS NOT NULL))
);
CREATE INDEX commerce_stores_owner ON commerce_stores (owner_account, created_at);

CREATE TABLE commerce_requests (
  -- url-safe random id (128 bits): the link a payer opens
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES commerce_stores (id),
  amount NUMERIC(78,0) NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  token TEXT NOT NULL,
  decimals INTEGER NOT NULL,
  order_ref TEXT NOT NULL,
  -- [{ name, quantity, unitPrice (decimal string) }] exactly as hashed into line_items_hash
  line_items JSONB NOT NULL,
  line_items_hash TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  -- the payment whose authorization paid this request (set by the indexer)
  payment_id TEXT,
  paid_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX commerce_requests_store ON commerce_requests (store_id, created_at);

CREATE TABLE commerce_checkouts (
  payment_id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL REFERENCES commerce_requests (id),
  payer TEXT NOT NULL,
  -- the escrow PaymentTerms, numbers as decimal strings
  terms JSONB NOT NULL,
  authorization_expiry TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX commerce_checkouts_request_payer ON commerce_checkouts (request_id, payer, created_at);

CREATE TABLE commerce_payments (
  payment_id TEXT PRIMARY KEY,
  merchant_id NUMERIC(78,0) NOT NULL,
  payer TEXT NOT NULL,
  token TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('authorized', 'captured', 'refunded', 'voided', 'reclaimed')),
  authorized NUMERIC(78,0) NOT NULL DEFAULT 0,
  captured NUMERIC(78,0) NOT NULL DEFAULT 0,
  refunded NUMERIC(78,0) NOT NULL DEFAULT 0,
  released NUMERIC(78,0) NOT NULL DEFAULT 0,
  fee_bps INTEGER,
  order_ref TEXT NOT NULL,
  line_items_hash TEXT NOT NULL,
  -- position of the authorization, for "newest first"
  block_number NUMERIC(78,0) NOT NULL,
  log_index INTEGER NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX commerce_payments_merchant ON commerce_payments (merchant_id, block_number DESC, log_index DESC);
CREATE INDEX commerce_payments_payer ON commerce_payments (payer, block_number DESC, log_index DESC);

CREATE TABLE commerce_payment_events (
  transaction_hash TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  payment_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('authorized', 'captured', 'voided', 'reclaimed', 'refunded')),
  amount NUMERIC(78,0) NOT NULL,
  block_number NUMERIC(78,0) NOT NULL,
  block_hash TEXT NOT NULL,
  block_timestamp TIMESTAMPTZ NOT NULL,
  -- the ERC-4337 user operation that made this call; NULL for a plain transaction
  user_op_hash TEXT,
  PRIMARY KEY (transaction_hash, log_index)
);
CREATE INDEX commerce_payment_events_payment ON commerce_payment_events (payment_id, block_number, log_index);
CREATE INDEX commerce_payment_events_user_op ON commerce_payment_events (user_op_hash);

-- Where each indexer resumes: the next block it has not read.
CREATE TABLE commerce_cursors (
  name TEXT PRIMARY KEY,
  next_block NUMERIC(78,0) NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE commerce_faucet_drips (
  account TEXT PRIMARY KEY,
  last_at TIMESTAMPTZ NOT NULL,
  transaction_hash TEXT
);
