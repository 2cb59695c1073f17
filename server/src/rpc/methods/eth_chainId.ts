// eth_chainId: the chain this relayer submits to.
import { numberToHex } from "viem";
import { z } from "zod";
import { defineRpcMethod } from "../method.ts";

export const ethChainId = defineRpcMethod({
  name: "eth_chainId",
  params: z.tuple([]),
  handler: async (_params, context) => numberToHex(context.config.chain.id),
});
