// Feature modules the relayer runs (`npm start` and `server/src/main.ts`). Add a module here.
import { commerceModule } from "./commerce/module.ts";
import { counterModule } from "./counter/module.ts";
import { fxModule } from "./fx/module.ts";
import type { RelayerModule } from "./module.ts";

export const defaultModules: readonly RelayerModule[] = [commerceModule, fxModule, counterModule];
