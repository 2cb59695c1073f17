// eth_getUserOperationByHash(hash) → the operation and where it was included (null fields
// while pending), or null when unknown, dropped or replaced.
import { z } from "zod";
import { userOperationByHash } from "../../executor/lookup.ts";
import { defineRpcMethod } from "../method.ts";
import { hash } from "../schemas.ts";

export const ethGetUserOperationByHash = defineRpcMethod({
  name: "eth_getUserOperationByHash",
  params: z.tuple([hash]),
  handler: async ([userOpHash], context) => userOperationByHash(context.executor.operations, userOpHash),
});
