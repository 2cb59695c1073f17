-- Auditors: merchants grant a Paykey account read-only access to a store's books, and an auditor's
-- sign-in marks its session read-only (every state-changing request carrying it is refused).

CREATE TABLE audit_grants (
  store_id TEXT NOT NULL REFERENCES commerce_stores (id),
  -- the auditor's Paykey account (lowercase hex), as it signed up
  auditor_account TEXT NOT NULL,
  -- the store owner's account that granted it
  granted_by TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, auditor_account)
);
CREATE INDEX audit_grants_auditor ON audit_grants (auditor_account);

-- A session issued by the auditor sign-in: read-only wherever it is presented.
CREATE TABLE audit_sessions (
  token_hash TEXT PRIMARY KEY REFERENCES sessions (token_hash) ON DELETE CASCADE,
  account_address TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
