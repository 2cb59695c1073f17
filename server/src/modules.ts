// Feature modules the relayer runs (`npm start` and `server/src/main.ts`). Add a module here.
import { commerceModule } from "./commerce/module.ts";
import { demoModule } from "./demo/module.ts";
import { ledgerModule } from "./ledger/module.ts";
import { webhooksModule } from "./webhooks/module.ts";
import type { RelayerModule } from "./module.ts";

export const defaultModules: readonly RelayerModule[] = [commerceModule, ledgerModule, webhooksModule, demoModule];
