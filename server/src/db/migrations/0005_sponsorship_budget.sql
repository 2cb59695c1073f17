-- Sponsorship caps that hold across relayer instances (server/src/sponsor/budget.ts).
--
-- The global daily budget is one counter per UTC day, changed only by atomic conditional
-- updates: a signature reserves its maximum cost (what it adds over an earlier signature of
-- the same (sender, nonce)), inclusion settles it to the actual cost, and a group of unused
-- signatures that all expired is released (status 'expired'). Instances never sum the day.
CREATE TABLE sponsorship_budget (
  day DATE PRIMARY KEY,
  committed_wei NUMERIC(78,0) NOT NULL DEFAULT 0
);

-- One row per sponsored account, locked while a sponsorship for it is decided: two requests
-- for one account (at two instances) are decided one after the other against its caps.
CREATE TABLE sponsorship_senders (
  sender TEXT PRIMARY KEY
);

ALTER TABLE sponsorships DROP CONSTRAINT sponsorships_status_check;
ALTER TABLE sponsorships ADD CONSTRAINT sponsorships_status_check CHECK (status IN ('signed', 'included', 'void', 'expired'));

-- What the days so far have committed, counted as the rules above count it.
INSERT INTO sponsorship_budget (day, committed_wei)
SELECT day, sum(cost)
  FROM (SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
               max(CASE WHEN status = 'included' THEN actual_gas_cost ELSE max_cost_wei END) AS cost
          FROM sponsorships
         WHERE status IN ('signed', 'included')
         GROUP BY (created_at AT TIME ZONE 'UTC')::date, sender, nonce) groups
 GROUP BY day;
