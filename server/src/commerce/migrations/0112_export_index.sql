-- payments.csv reads a store's payments by authorization time in keyset batches.
CREATE INDEX commerce_payments_merchant_created ON commerce_payments (merchant_id, created_at, payment_id);
