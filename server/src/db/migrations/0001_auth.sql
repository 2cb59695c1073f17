-- Passkey users, their credentials, single-use challenges and sessions.

CREATE TABLE users (
  -- WebAuthn user handle (base64url of 32 random bytes); carries no personal data.
  id TEXT PRIMARY KEY,
  -- The counterfactual smart account (lowercase hex), known at sign-up.
  account_address TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE credentials (
  -- base64url credential id.
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- COSE public key (base64url) and its P-256 coordinates (0x-prefixed, 32 bytes each).
  public_key TEXT NOT NULL,
  public_key_x TEXT NOT NULL,
  public_key_y TEXT NOT NULL,
  sign_count BIGINT NOT NULL DEFAULT 0,
  transports TEXT[] NOT NULL DEFAULT '{}',
  device_type TEXT NOT NULL,
  backed_up BOOLEAN NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_used_at TIMESTAMPTZ
);
CREATE INDEX credentials_user_id ON credentials (user_id);

CREATE TABLE auth_challenges (
  challenge TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('register', 'login', 'add_device')),
  user_id TEXT,
  display_name TEXT,
  expires_at TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX auth_challenges_expires_at ON auth_challenges (expires_at);

CREATE TABLE sessions (
  -- SHA-256 (hex) of the session token; the token itself is never stored.
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  credential_id TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
