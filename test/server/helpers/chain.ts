// An in-process Hardhat chain (EDR) served over HTTP on an ephemeral port, so that the
// relayer — in this process or as a child process — talks to it through plain JSON-RPC,
// exactly as it talks to a real node. The test keeps direct access (viem, network helpers).
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { network } from "hardhat";

export type TestChain = Awaited<ReturnType<typeof startChain>>;

type JsonRpcRequest = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown };

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startChain(networkName?: string) {
  const connection = await network.create(networkName);
  const { provider } = connection;

  /** Methods answered with an error, as a node that is down for them would (see `refuse`). */
  let refused = new Set<string>();
  /** One-shot hooks run before a method is answered (see `beforeAnswer`). */
  const hooks = new Map<string, () => Promise<unknown>>();

  const answer = async (message: JsonRpcRequest) => {
    if (refused.has(String(message.method))) {
      return { jsonrpc: "2.0", id: message.id ?? null, error: { code: -32603, message: "the node is unavailable" } };
    }
    const hook = hooks.get(String(message.method));
    if (hook) {
      hooks.delete(String(message.method));
      await hook();
    }
    try {
      const result = await provider.request({
        method: String(message.method),
        params: (message.params ?? []) as unknown[],
      });
      return { jsonrpc: "2.0", id: message.id ?? null, result };
    } catch (error) {
      const failure = error as { code?: number; message?: string; data?: unknown };
      return {
        jsonrpc: "2.0",
        id: message.id ?? null,
        error: { code: failure.code ?? -32603, message: failure.message ?? String(error), data: failure.data },
      };
    }
  };

  const server = createServer((request, response) => {
    readBody(request)
      .then(async (body) => {
        const parsed = JSON.parse(body) as JsonRpcRequest | JsonRpcRequest[];
        const reply = Array.isArray(parsed) ? await Promise.all(parsed.map(answer)) : await answer(parsed);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(reply, (_key, value: unknown) => (typeof value === "bigint" ? `0x${value.toString(16)}` : value)));
      })
      .catch((error: unknown) => {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: String(error) } }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    connection,
    viem: connection.viem,
    provider,
    networkHelpers: connection.networkHelpers,
    /** Answers these JSON-RPC methods over HTTP with an error from now on (none: serve all again). */
    refuse(methods: readonly string[] = []) {
      refused = new Set(methods);
    },
    /** Runs `hook` (e.g. mines a block) the next time `method` is asked, before answering it. */
    beforeAnswer(method: string, hook: () => Promise<unknown>) {
      hooks.set(method, hook);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}
