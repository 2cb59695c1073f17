// Hardhat's chain (EDR) served over HTTP JSON-RPC, as `hardhat node` serves it, for the local
// chain of `npm start`, the benchmarks and the tests that need a chain in another process.
// Run by scripts/lib/chain.ts: `hardhat [--network NAME] run --no-compile scripts/lib/chainNode.ts`
// with PAYKEY_CHAIN_HOST and PAYKEY_CHAIN_PORT.
//
// Why not `hardhat node` itself: its HTTP handler reads a request body by spreading every
// byte into a JavaScript array. A relayer's simulation sends the EntryPoint simulation code
// (about 50 kB of hex) with every call, and under load that copy took about half of the
// node's CPU (bench/relayer.json, chainCpuMsPerOp). This server reads bodies whole and hands
// them to the same EDR provider, with the same answers: results, and errors as `hardhat node`
// shapes them (a revert: code 3 and the raw revert data, as geth and anvil answer).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import hre from "hardhat";

type JsonRpcError = { code: number; message: string; data?: unknown };
type JsonRpcResponse = { jsonrpc: "2.0"; id: string | number | null; result?: unknown; error?: JsonRpcError };

const revertCode = 3;
const internalErrorCode = -32603;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The error of a failed request, shaped as Hardhat's own JSON-RPC server shapes it. */
function errorOf(error: unknown): JsonRpcError {
  const failure = (isObject(error) ? error : { message: String(error) }) as Record<string, unknown>;
  const message = typeof failure.message === "string" ? failure.message : "Internal error";
  const code = typeof failure.code === "number" ? failure.code : internalErrorCode;
  const data = failure.data;
  const returnData = typeof data === "string" ? data : isObject(data) && typeof data.data === "string" ? data.data : undefined;
  if (code === revertCode) return { code, message, data: returnData };
  const transactionHash =
    typeof failure.transactionHash === "string" ? failure.transactionHash : isObject(data) && typeof data.transactionHash === "string" ? data.transactionHash : undefined;
  const reason = isObject(data) && typeof data.reason === "string" ? data.reason : undefined;
  return { code, message, data: { message, txHash: transactionHash, data: returnData, reason } };
}

async function main(): Promise<void> {
  const host = process.env.PAYKEY_CHAIN_HOST ?? "127.0.0.1";
  const port = Number(process.env.PAYKEY_CHAIN_PORT ?? 8545);
  const { provider } = await hre.network.create(hre.globalOptions.network ?? "node");

  async function answer(request: unknown): Promise<JsonRpcResponse> {
    if (!isObject(request) || typeof request.method !== "string") return { jsonrpc: "2.0", id: null, error: { code: -32600, message: "Invalid request" } };
    const id = typeof request.id === "string" || typeof request.id === "number" ? request.id : null;
    try {
      const result = await provider.request({ method: request.method, params: (request.params ?? []) as unknown[] });
      return { jsonrpc: "2.0", id, result };
    } catch (error) {
      return { jsonrpc: "2.0", id, error: errorOf(error) };
    }
  }

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    response.setHeader("Access-Control-Allow-Origin", "*");
    response.setHeader("Access-Control-Allow-Methods", "OPTIONS, GET, POST");
    response.setHeader("Access-Control-Allow-Headers", "*");
    if (incoming.method === "OPTIONS") {
      response.writeHead(200).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch (error) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: `Parse error: ${(error as Error).message}` } }));
      return;
    }
    const result = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body);
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(result));
  }

  const server = createServer((incoming, response) => {
    handle(incoming, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: internalErrorCode, message: String(error) } }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  console.log(`Started HTTP JSON-RPC server at http://${host}:${port}/`);
  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

await main();
