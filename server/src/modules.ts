// Feature modules the relayer runs (`npm start` and `server/src/main.ts`). Add a module here.
import { auditModule } from "./audit/module.ts";
import { commerceModule } from "./commerce/module.ts";
import type { RelayerModule } from "./module.ts";

export const defaultModules: readonly RelayerModule[] = [commerceModule, auditModule];
