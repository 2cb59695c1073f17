// A store as the audit API shows it (no payout or owner details an auditor does not need).
import type { AuditStore } from "@paykey/sdk/api/audit";
import type { StoreRow } from "../commerce/stores.ts";

export function auditStoreOut(row: StoreRow): AuditStore {
  return { id: row.id, name: row.name, currency: row.currency, merchantId: row.merchant_id, status: row.status };
}
