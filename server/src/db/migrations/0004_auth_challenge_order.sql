-- The order challenges were issued in: beyond the cap on unused challenges the oldest are
-- dropped (server/src/auth/challenges.ts), and many can share one expiry time.
ALTER TABLE auth_challenges ADD COLUMN issued BIGSERIAL;
CREATE INDEX auth_challenges_issued ON auth_challenges (issued);
