-- Sponsorships the paymaster signed, flags raised for review, and the screening blocklist.

CREATE TABLE sponsorships (
  id SERIAL PRIMARY KEY,
  sender TEXT NOT NULL,
  nonce NUMERIC(78,0) NOT NULL,
  -- The most gas and wei the operation can cost; counted against caps until it is included
  -- (then its actual values count) or its paymaster signature expires.
  max_gas NUMERIC(78,0) NOT NULL,
  max_cost_wei NUMERIC(78,0) NOT NULL,
  valid_until TIMESTAMPTZ NOT NULL,
  -- keccak256 of the signed paymasterData: identifies which sponsorship an included operation used.
  paymaster_data_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'signed' CHECK (status IN ('signed', 'included', 'void')),
  user_operation_hash TEXT,
  actual_gas_used NUMERIC(78,0),
  actual_gas_cost NUMERIC(78,0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX sponsorships_sender_created_at ON sponsorships (sender, created_at);
CREATE INDEX sponsorships_created_at ON sponsorships (created_at);
CREATE INDEX sponsorships_sender_nonce ON sponsorships (sender, nonce);

CREATE TABLE sponsorship_flags (
  id SERIAL PRIMARY KEY,
  sender TEXT NOT NULL,
  rule TEXT NOT NULL,
  details JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  reviewed_at TIMESTAMPTZ
);
CREATE INDEX sponsorship_flags_sender ON sponsorship_flags (sender, created_at);

-- Screening list maintained by the operator (in addition to SPONSOR_BLOCKLIST).
CREATE TABLE blocked_addresses (
  address TEXT PRIMARY KEY,
  reason TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
