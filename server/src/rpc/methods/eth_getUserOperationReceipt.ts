// eth_getUserOperationReceipt(hash) → the receipt once included (success, actual gas, the
// operation's own logs, the bundle transaction's receipt), else null.
import { z } from "zod";
import { userOperationReceipt } from "../../executor/lookup.ts";
import { defineRpcMethod } from "../method.ts";
import { hash } from "../schemas.ts";

export const ethGetUserOperationReceipt = defineRpcMethod({
  name: "eth_getUserOperationReceipt",
  params: z.tuple([hash]),
  handler: async ([userOpHash], context) => userOperationReceipt(context.executor.operations, userOpHash),
});
