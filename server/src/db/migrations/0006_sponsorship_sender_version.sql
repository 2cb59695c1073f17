-- Each sponsored account's row counts the sponsorships recorded for it (server/src/sponsor/budget.ts).
-- A sponsorship is decided on the account's usage read with its version, and recorded only if the
-- version is still the one read, bumping it in the same statement: two requests for one account
-- (at two instances) cannot both be recorded on the same usage, and no transaction stays open
-- while the paymaster signs.
ALTER TABLE sponsorship_senders ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
