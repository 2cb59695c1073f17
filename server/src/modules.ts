// Feature modules the relayer runs (`npm start` and `server/src/main.ts`). Add a module here.
import { auditModule } from "./audit/module.ts";
import { commerceModule } from "./commerce/module.ts";
import { counterModule } from "./counter/module.ts";
import { demoModule } from "./demo/module.ts";
import { fxModule } from "./fx/module.ts";
import { ledgerModule } from "./ledger/module.ts";
import type { RelayerModule } from "./module.ts";
import { webhooksModule } from "./webhooks/module.ts";

export const defaultModules: readonly RelayerModule[] = [commerceModule, ledgerModule, fxModule, counterModule, webhooksModule, demoModule, auditModule];
