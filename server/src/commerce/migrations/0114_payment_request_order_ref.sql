-- The order reference the merchant typed on the payment request a payment's checkout came from,
-- copied onto the payment when its authorization is recorded (requests do not change once
-- created; NULL for a payment made outside a Paykey checkout). The settlement export reads
-- it with the payment instead of probing the checkout and request tables once per row,
-- which at a million sales cost more than the rest of the export.
ALTER TABLE commerce_payments ADD COLUMN request_order_ref TEXT;
UPDATE commerce_payments p SET request_order_ref = r.order_ref
  FROM commerce_checkouts c JOIN commerce_requests r ON r.id = c.request_id
 WHERE c.payment_id = p.payment_id;
