// The audit module: auditors (a passkey a store owner grants read access to), the guard that keeps them
// read-only on every route, and the reconciliation and receipt-verification API over the shared engine
// (@paykey/sdk/audit) that `npm run audit` runs too.
import { fileURLToPath } from "node:url";
import type { RelayerModule } from "../module.ts";
import { registerAuditGrantRoutes } from "./grantRoutes.ts";
import { auditorGuard } from "./guard.ts";
import { registerReconciliationRoutes } from "./reconciliationRoutes.ts";
import { registerAuditSessionRoutes } from "./sessionRoutes.ts";

export const auditModule: RelayerModule = {
  name: "audit",
  migrationsDir: fileURLToPath(new URL("./migrations", import.meta.url)),
  onRequest: (request, _reply, context) => auditorGuard(request, context),
  routes(app, context) {
    registerAuditSessionRoutes(app, context);
    registerAuditGrantRoutes(app, context);
    registerReconciliationRoutes(app, context);
  },
};
