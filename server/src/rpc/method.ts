// One JSON-RPC method: its name, a zod schema of its positional params, and its handler.
// Each method lives in its own file under rpc/methods/ (after alto).
import type { z } from "zod";
import type { RelayerContext } from "../context.ts";

export type RpcMethod = {
  readonly name: string;
  readonly params: z.ZodType;
  /** The user-operation sender a call acts for, for per-account rate limits. */
  readonly accountOf?: (params: never) => string | undefined;
  handler(params: never, context: RelayerContext): Promise<unknown>;
};

export function defineRpcMethod<P extends z.ZodType>(method: {
  name: string;
  params: P;
  accountOf?: (params: z.output<P>) => string | undefined;
  handler: (params: z.output<P>, context: RelayerContext) => Promise<unknown>;
}): RpcMethod {
  return method as unknown as RpcMethod;
}
