// eth_supportedEntryPoints: the one EntryPoint v0.8 this relayer bundles for.
import { z } from "zod";
import { defineRpcMethod } from "../method.ts";

export const ethSupportedEntryPoints = defineRpcMethod({
  name: "eth_supportedEntryPoints",
  params: z.tuple([]),
  handler: async (_params, context) => [context.config.contracts.entryPoint],
});
