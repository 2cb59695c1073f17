-- Payments are read in short index ranges: pages of a list, keyset batches of an export. For
-- those PostgreSQL would still plan a parallel index scan over a long range (the whole year of
-- a settlement export), and starting its workers cost 10-16 ms of each 1,000-row batch's
-- 25-33 ms in the analytics benchmark (about 10 s of a million-row export). No reader of this
-- table benefits from parallel workers, so none are planned for it.
ALTER TABLE commerce_payments SET (parallel_workers = 0);
