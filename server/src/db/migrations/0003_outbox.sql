-- The executor's durable outbox. A user operation is written here (received) before the
-- relayer answers eth_sendUserOperation; a bundle transaction is signed and written here
-- (raw bytes and hash) before it is broadcast, so a restart can look for its receipt and
-- rebroadcast the same bytes instead of signing anything new.

CREATE TABLE bundles (
  id SERIAL PRIMARY KEY,
  executor TEXT NOT NULL,
  nonce NUMERIC(78,0) NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted', 'included', 'failed', 'dropped')),
  -- The attempt that was mined.
  transaction_hash TEXT,
  block_number NUMERIC(78,0),
  gas_used NUMERIC(78,0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- One live bundle per executor nonce: two relayers cannot both submit with it.
CREATE UNIQUE INDEX bundles_live_executor_nonce ON bundles (executor, nonce) WHERE status = 'submitted';
CREATE INDEX bundles_status ON bundles (status);

-- Every signed transaction of a bundle (the first one and each fee bump), same nonce.
CREATE TABLE bundle_transactions (
  hash TEXT PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles (id),
  raw TEXT NOT NULL,
  nonce NUMERIC(78,0) NOT NULL,
  gas_limit NUMERIC(78,0) NOT NULL,
  max_fee_per_gas NUMERIC(78,0) NOT NULL,
  max_priority_fee_per_gas NUMERIC(78,0) NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'mined', 'replaced')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  broadcast_at TIMESTAMPTZ
);
CREATE INDEX bundle_transactions_bundle_id ON bundle_transactions (bundle_id);

CREATE TABLE user_operations (
  hash TEXT PRIMARY KEY,
  entry_point TEXT NOT NULL,
  sender TEXT NOT NULL,
  nonce NUMERIC(78,0) NOT NULL,
  paymaster TEXT,
  -- The operation in its RPC form (hex strings).
  user_operation JSONB NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('received', 'submitted', 'included', 'failed', 'replaced')),
  bundle_id INTEGER REFERENCES bundles (id),
  -- Bundles this operation was part of that did not include it (reverted or dropped).
  attempts INTEGER NOT NULL DEFAULT 0,
  -- UserOperationEvent.success: false when the account's call reverted inside handleOps.
  success BOOLEAN,
  actual_gas_cost NUMERIC(78,0),
  actual_gas_used NUMERIC(78,0),
  transaction_hash TEXT,
  block_hash TEXT,
  block_number NUMERIC(78,0),
  failure_reason TEXT,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- At most one live operation per (sender, nonce); a replacement marks the old one 'replaced'.
CREATE UNIQUE INDEX user_operations_live_sender_nonce ON user_operations (sender, nonce) WHERE status IN ('received', 'submitted');
CREATE INDEX user_operations_status ON user_operations (status, received_at);
CREATE INDEX user_operations_bundle_id ON user_operations (bundle_id);
