// JSON-RPC 2.0 over HTTP: single calls and batches, every failure answered with a JSON-RPC
// error object and the right code — malformed JSON (-32700), not a request (-32600),
// unknown method (-32601), bad params (-32602 with the issues), refusals by simulation,
// paymaster or policy (-325xx with a reason in `data`). A fault of the relayer itself is
// -32603 and is logged; it never becomes an HTTP 500.
import { z } from "zod";
import type { RelayerContext } from "../context.ts";
import { InvalidParamsError, MethodNotFoundError, RpcError, rpcErrorCodes, type RpcErrorData } from "../errors/rpc.ts";
import type { RpcMethod } from "./method.ts";

export const maxBatchSize = 50;

type JsonRpcId = string | number | null;
type JsonRpcResponse =
  | { jsonrpc: "2.0"; id: JsonRpcId; result: unknown }
  | { jsonrpc: "2.0"; id: JsonRpcId; error: { code: number; message: string; data?: RpcErrorData } };

const requestSchema = z.object({
  jsonrpc: z.literal("2.0"),
  method: z.string().min(1).max(128),
  params: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional(),
  id: z.union([z.string().max(256), z.number(), z.null()]).optional(),
});

export type RateLimitCheck = (account: string) => Promise<boolean>;

function failure(id: JsonRpcId, error: RpcError): JsonRpcResponse {
  return {
    jsonrpc: "2.0",
    id,
    error: { code: error.code, message: error.shortMessage, ...(error.data ? { data: error.data } : {}) },
  };
}

function idOf(value: unknown): JsonRpcId {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

async function answer(
  message: unknown,
  methods: ReadonlyMap<string, RpcMethod>,
  context: RelayerContext,
  withinAccountLimit: RateLimitCheck,
): Promise<JsonRpcResponse | undefined> {
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success) {
    return failure(
      idOf(message),
      new RpcError(rpcErrorCodes.invalidRequest, "Not a JSON-RPC 2.0 request.", { data: { reason: "invalid_request" } }),
    );
  }
  const { method: name, params = [], id } = parsed.data;
  const notification = id === undefined;
  const started = performance.now();
  let outcome = "ok";
  try {
    const method = methods.get(name);
    if (!method) throw new MethodNotFoundError(name);
    const args = method.params.safeParse(params);
    if (!args.success) {
      throw new InvalidParamsError(`Invalid params for ${name}.`, {
        reason: "invalid_params",
        issues: args.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.join("."), message: issue.message })),
      });
    }
    const account = method.accountOf?.(args.data as never);
    if (account && !(await withinAccountLimit(account.toLowerCase()))) {
      throw new RpcError(rpcErrorCodes.throttled, "Too many requests for this account; slow down and retry.", {
        data: { reason: "rate_limited", scope: "account" },
      });
    }
    const result = await method.handler(args.data as never, context);
    return notification ? undefined : { jsonrpc: "2.0", id: id ?? null, result: result ?? null };
  } catch (error) {
    const rpcError =
      error instanceof RpcError
        ? error
        : new RpcError(rpcErrorCodes.internalError, "Internal error; retry shortly.", { cause: error, data: { reason: "internal_error" } });
    outcome = String(rpcError.code);
    if (rpcError.code === rpcErrorCodes.internalError) {
      context.logger.error({ err: error, method: name }, "rpc method failed");
    }
    return notification ? undefined : failure(id ?? null, rpcError);
  } finally {
    context.metrics.rpcRequests.inc({ method: methods.has(name) ? name : "unknown", outcome });
    context.logger.debug({ method: methods.has(name) ? name : "unknown", outcome, ms: Math.round(performance.now() - started) }, "rpc");
  }
}

/** Answers a raw HTTP body; `undefined` body means "nothing to send" (only notifications). */
export async function handleRpcBody(
  raw: string,
  methods: ReadonlyMap<string, RpcMethod>,
  context: RelayerContext,
  withinAccountLimit: RateLimitCheck,
): Promise<{ status: number; body: JsonRpcResponse | JsonRpcResponse[] | undefined }> {
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return {
      status: 400,
      body: failure(null, new RpcError(rpcErrorCodes.parseError, "Parse error: the body is not valid JSON.", { data: { reason: "parse_error" } })),
    };
  }
  if (Array.isArray(message)) {
    if (message.length === 0 || message.length > maxBatchSize) {
      const reason = message.length === 0 ? "empty_batch" : "batch_too_large";
      return {
        status: 400,
        body: failure(null, new RpcError(rpcErrorCodes.invalidRequest, `A batch holds 1 to ${maxBatchSize} requests.`, { data: { reason } })),
      };
    }
    const responses = (await Promise.all(message.map((item) => answer(item, methods, context, withinAccountLimit)))).filter(
      (response): response is JsonRpcResponse => response !== undefined,
    );
    return { status: 200, body: responses.length > 0 ? responses : undefined };
  }
  const response = await answer(message, methods, context, withinAccountLimit);
  if (response && "error" in response && response.error.code === rpcErrorCodes.invalidRequest) return { status: 400, body: response };
  return { status: 200, body: response };
}
