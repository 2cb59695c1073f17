// POST /chain: a read-only JSON-RPC proxy to the relayer's chain, for browsers that verify
// receipts themselves when no public RPC URL is configured. It forwards only reads; any other
// method (eth_sendRawTransaction, signing, debug, hardhat_*) is refused with -32601.
//
// It takes `application/json` only (415 otherwise): a text/plain POST is a CORS "simple
// request" any web page can make from its visitors' browsers, while application/json needs a
// preflight this server never approves. eth_getLogs is bounded in blocks and in results
// (-32005, the limit in the message and in `data`), so one call cannot make the node scan the
// whole chain or return an unbounded answer.
import { numberToHex } from "viem";
import { z } from "zod";
import type { Config } from "../config.ts";
import type { RelayerContext } from "../context.ts";
import { InvalidParamsError, RpcError, rpcErrorCodes, type RpcErrorCode, type RpcErrorData } from "../errors/rpc.ts";
import type { RelayerApp } from "../http/app.ts";
import { handleRpcBody } from "../rpc/handler.ts";
import { stringifyResponse } from "../rpc/jsonText.ts";
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

type LogLimits = Config["commerce"]["chainProxy"];

const latestTags = new Set(["latest", "pending", "safe", "finalized"]);

/** A filter's block (a hex number or a tag; absent is the latest block) as a number. */
async function blockOf(value: unknown, latest: () => Promise<bigint>): Promise<bigint> {
  if (value === undefined || value === null || (typeof value === "string" && latestTags.has(value))) return latest();
  if (value === "earliest") return 0n;
  if (typeof value === "string" && /^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value);
  throw new InvalidParamsError("fromBlock and toBlock are hex block numbers or block tags.", { reason: "invalid_params" });
}

/** eth_getLogs within the limits: the range resolved to numbers (then forwarded as such) and the result counted. */
async function getLogs(rpcUrl: string, params: unknown[], limits: LogLimits): Promise<unknown> {
  const [filter] = params;
  if (params.length !== 1 || typeof filter !== "object" || filter === null || Array.isArray(filter)) {
    throw new InvalidParamsError("eth_getLogs takes one filter object.", { reason: "invalid_params" });
  }
  const { blockHash, fromBlock, toBlock } = filter as Record<string, unknown>;
  let forwarded = filter;
  if (blockHash === undefined) {
    let latest: Promise<bigint> | undefined;
    const latestBlock = () => (latest ??= forward(rpcUrl, "eth_blockNumber", []).then((value) => BigInt(String(value))));
    const from = await blockOf(fromBlock, latestBlock);
    const to = await blockOf(toBlock, latestBlock);
    const span = to >= from ? to - from + 1n : 0n;
    if (span > BigInt(limits.maxLogBlocks)) {
      throw new RpcError(
        rpcErrorCodes.limitExceeded,
        `eth_getLogs may span at most ${limits.maxLogBlocks} blocks here; this filter spans ${span} (blocks ${from} to ${to}). Narrow fromBlock and toBlock.`,
        { data: { reason: "log_range_too_large", limit: limits.maxLogBlocks, requested: span.toString(), fromBlock: numberToHex(from), toBlock: numberToHex(to) } },
      );
    }
    forwarded = { ...filter, fromBlock: numberToHex(from), toBlock: numberToHex(to) };
  }
  const logs = await forward(rpcUrl, "eth_getLogs", [forwarded]);
  if (Array.isArray(logs) && logs.length > limits.maxLogs) {
    throw new RpcError(
      rpcErrorCodes.limitExceeded,
      `eth_getLogs may return at most ${limits.maxLogs} logs here; this filter matches ${logs.length}. Narrow the block range or the topics.`,
      { data: { reason: "too_many_logs", limit: limits.maxLogs, matched: logs.length } },
    );
  }
  return logs;
}

export function chainProxyMethods(rpcUrl: string, limits: LogLimits): RpcMethod[] {
  return chainReadMethods.map((name) =>
    defineRpcMethod({
      name,
      params: z.array(z.unknown()).max(8).default([]),
      handler: (params) => (name === "eth_getLogs" ? getLogs(rpcUrl, params, limits) : forward(rpcUrl, name, params)),
    }),
  );
}

/** Whether a Content-Type header names JSON (parameters such as charset allowed). */
const isJson = (contentType: string | undefined) => contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";

export async function registerChainProxy(app: RelayerApp, context: RelayerContext): Promise<void> {
  const { config } = context;
  const methods = new Map(chainProxyMethods(config.chain.rpcUrl, config.commerce.chainProxy).map((method) => [method.name, method]));
  await app.register(async (scope) => {
    // Every body is read as text, so that a wrong media type is answered as JSON-RPC below.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));
    scope.post(
      "/chain",
      {
        schema: {
          tags: ["chain"],
          summary: `Read-only JSON-RPC proxy to the chain (${chainReadMethods.join(", ")}); anything else is error -32601. application/json only (415 otherwise); eth_getLogs spans at most CHAIN_PROXY_MAX_LOG_BLOCKS blocks and returns at most CHAIN_PROXY_MAX_LOGS logs (-32005)`,
        },
      },
      async (request, reply) => {
        if (!isJson(request.headers["content-type"])) {
          return reply.status(415).send({
            jsonrpc: "2.0",
            id: null,
            error: {
              code: rpcErrorCodes.invalidRequest,
              message: "POST /chain takes Content-Type: application/json only.",
              data: { reason: "unsupported_media_type", expected: "application/json" },
            },
          });
        }
        const { status, body } = await handleRpcBody(String(request.body ?? ""), methods, context, async () => true);
        if (body === undefined) return reply.status(204).send();
        return reply.status(status).header("content-type", "application/json").send(stringifyResponse(body));
      },
    );
  });
}
