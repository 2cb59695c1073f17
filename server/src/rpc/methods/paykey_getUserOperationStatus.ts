// paykey_getUserOperationStatus(hash) → the outbox status (received, submitted, included,
// failed, replaced) and the reason an operation was dropped; null when unknown.
import { z } from "zod";
import { userOperationStatus } from "../../executor/lookup.ts";
import { defineRpcMethod } from "../method.ts";
import { hash } from "../schemas.ts";

export const paykeyGetUserOperationStatus = defineRpcMethod({
  name: "paykey_getUserOperationStatus",
  params: z.tuple([hash]),
  handler: async ([userOpHash], context) => userOperationStatus(context.executor.operations, userOpHash),
});
