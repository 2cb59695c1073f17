// POST /chain: a read-only JSON-RPC proxy to the relayer's chain, for browsers that verify
// receipts themselves when no public RPC URL is configured. It forwards only reads; any other
// method (eth_sendRawTransaction, signing, debug, hardhat_*) is refused with -32601.
import { z } from "zod";
import type { RelayerContext } from "../context.ts";
import { RpcError, rpcErrorCodes, type RpcErrorCode, type RpcErrorData } from "../errors/rpc.ts";
import type { RelayerApp } from "../http/app.ts";
import { handleRpcBody } from "../rpc/handler.ts";
import { defineRpcMethod, type RpcMethod } from "../rpc/method.ts";

export const chainReadMethods = [
  "eth_chainId",
  "eth_blockNumber",
  "eth_call",
  "eth_getLogs",
  "eth_getTransactionReceipt",
  "eth_getTransactionByHash",
  "eth_getBlockByNumber",
  "eth_getBalance",
  "eth_getCode",
  "eth_estimateGas",
  "eth_gasPrice",
  "eth_maxPriorityFeePerGas",
  "eth_feeHistory",
  "eth_getTransactionCount",
] as const;

type Upstream = { result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } };

async function forward(rpcUrl: string, method: string, params: unknown[]): Promise<unknown> {
  let reply: Upstream;
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(15_000),
    });
    reply = (await response.json()) as Upstream;
  } catch (cause) {
    throw new RpcError(rpcErrorCodes.internalError, "The chain did not answer; retry shortly.", { cause, data: { reason: "chain_unreachable" } });
  }
  if (reply.error) {
    // The node's own error, passed through as it is (eth_call reverts carry their revert data).
    const code = typeof reply.error.code === "number" ? reply.error.code : rpcErrorCodes.internalError;
    throw new RpcError(code as RpcErrorCode, String(reply.error.message ?? "error"), { data: reply.error.data as RpcErrorData | undefined });
  }
  return reply.result ?? null;
}

export function chainProxyMethods(rpcUrl: string): RpcMethod[] {
  return chainReadMethods.map((name) =>
    defineRpcMethod({
      name,
      params: z.array(z.unknown()).max(8).default([]),
      handler: (params) => forward(rpcUrl, name, params),
    }),
  );
}

export async function registerChainProxy(app: RelayerApp, context: RelayerContext): Promise<void> {
  const methods = new Map(chainProxyMethods(context.config.chain.rpcUrl).map((method) => [method.name, method]));
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(["application/json", "text/plain"], { parseAs: "string" }, (_request, body, done) => done(null, body));
    scope.post(
      "/chain",
      {
        schema: {
          tags: ["chain"],
          summary: `Read-only JSON-RPC proxy to the chain (${chainReadMethods.join(", ")}); anything else is error -32601`,
        },
      },
      async (request, reply) => {
        const { status, body } = await handleRpcBody(String(request.body ?? ""), methods, context, async () => true);
        if (body === undefined) return reply.status(204).send();
        return reply.status(status).header("content-type", "application/json").send(JSON.stringify(body));
      },
    );
  });
}
