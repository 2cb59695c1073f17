-- The counter: cashiers of a store and the invites that made them, the store's counter settings
-- (item list for the keypad, the cashiers' void limit), point-of-sale sales (which payment request
-- a cashier rang up, with its note), coupons the owner signed (metadata and signature; their use
-- counts live on-chain), and passkeys registered for a guardian recovery that the chain has not
-- executed yet. Addresses and hashes are lowercase hex; money is NUMERIC(78,0) in base units.

CREATE TABLE counter_invites (
  -- url-safe random id, shown to the owner (the link's secret is separate)
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES commerce_stores (id),
  -- SHA-256 (hex) of the secret in the invite link; the secret itself is never stored
  token_hash TEXT NOT NULL UNIQUE,
  -- the cashier's name as the owner typed it
  label TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  accepted_by TEXT,
  accepted_at TIMESTAMPTZ,
  revoked_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX counter_invites_store ON counter_invites (store_id, created_at);

CREATE TABLE counter_cashiers (
  store_id TEXT NOT NULL REFERENCES commerce_stores (id),
  -- the cashier's passkey account
  account TEXT NOT NULL,
  label TEXT NOT NULL,
  -- pending: invite accepted, the owner has not made it an operator on-chain yet;
  -- active: an operator on-chain; removed: by the owner (refused here at once, on-chain once sent)
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'removed')),
  -- whether the escrow listed it as an operator when last read
  on_chain BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (store_id, account)
);
CREATE INDEX counter_cashiers_account ON counter_cashiers (account);

CREATE TABLE counter_settings (
  store_id TEXT PRIMARY KEY REFERENCES commerce_stores (id),
  -- [{ name, unitPrice (decimal string) }], the keypad's item list
  items JSONB NOT NULL DEFAULT '[]'::jsonb,
  -- the highest payment price a cashier may void; above it only the owner
  cashier_void_limit NUMERIC(78,0) NOT NULL CHECK (cashier_void_limit >= 0),
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE counter_sales (
  request_id TEXT PRIMARY KEY REFERENCES commerce_requests (id),
  store_id TEXT NOT NULL REFERENCES commerce_stores (id),
  -- the owner's or cashier's account that rang it up
  created_by TEXT NOT NULL,
  note TEXT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX counter_sales_store ON counter_sales (store_id, created_at);

CREATE TABLE counter_coupons (
  -- bytes32 hex, as signed
  coupon_id TEXT NOT NULL,
  merchant_id NUMERIC(78,0) NOT NULL,
  store_id TEXT NOT NULL REFERENCES commerce_stores (id),
  -- what links, QR codes and the till use to name it
  code TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  discount_bps INTEGER NOT NULL CHECK (discount_bps BETWEEN 0 AND 10000),
  discount_amount NUMERIC(78,0) NOT NULL,
  max_uses BIGINT NOT NULL,
  -- unix seconds, as signed
  expiry BIGINT NOT NULL,
  -- the only payer allowed, or the zero address
  payer TEXT NOT NULL,
  signature TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  -- use counts are per merchant on-chain, so the id is unique per merchant
  PRIMARY KEY (merchant_id, coupon_id)
);
CREATE INDEX counter_coupons_store ON counter_coupons (store_id, created_at);

CREATE TABLE counter_recovery_credentials (
  -- base64url credential id
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  -- the verified credential as it will be stored in `credentials` once the chain lists the passkey:
  -- { publicKey (COSE, base64url), x, y, signCount, transports, deviceType, backedUp }
  credential JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX counter_recovery_credentials_user ON counter_recovery_credentials (user_id);
