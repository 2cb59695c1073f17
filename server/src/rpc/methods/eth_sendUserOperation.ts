// eth_sendUserOperation(userOperation, entryPoint) → userOpHash. The operation is simulated
// and written to the outbox before this answers; it is then bundled and submitted.
import { z } from "zod";
import { assertEntryPoint } from "../checks.ts";
import { defineRpcMethod } from "../method.ts";
import { entryPoint, userOperation } from "../schemas.ts";

export const ethSendUserOperation = defineRpcMethod({
  name: "eth_sendUserOperation",
  params: z.tuple([userOperation, entryPoint]),
  accountOf: ([op]) => op.sender,
  handler: async ([op, entryPointAddress], context) => {
    assertEntryPoint(context.config, entryPointAddress);
    return context.executor.accept(op);
  },
});
