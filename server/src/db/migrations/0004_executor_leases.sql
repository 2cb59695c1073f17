-- Several relayer instances on one database (server/src/executor/leases.ts).
--
-- An instance is alive while it renews `expires_at` (database clock). Each executor key is
-- used by at most one live instance at a time: its lease row names that instance, and every
-- write that leads to a signed transaction checks the row in the same transaction (a fence).
-- An accepted user operation is claimed by the instance that accepted it; the claims and the
-- leases of an instance that stops renewing are taken over by the others.

CREATE TABLE relayer_instances (
  id TEXT PRIMARY KEY,
  -- Addresses of the executor keys this instance is configured with (lowercase).
  executors TEXT[] NOT NULL,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE executor_leases (
  executor TEXT PRIMARY KEY,
  -- NULL: free. Otherwise held while that instance is alive.
  instance_id TEXT,
  acquired_at TIMESTAMPTZ
);

ALTER TABLE user_operations ADD COLUMN claimed_by TEXT;
