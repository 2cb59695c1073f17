// The relayer's fetch for its node (server/src/http/chainFetch.ts) under viem's HTTP transport:
// JSON-RPC answers and errors as viem reads them, kept-alive sockets, viem's timeout aborting
// the request, the response size limit, and a node that closed an idle socket.
import { expect } from "chai";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createPublicClient, http, HttpRequestError, RpcRequestError, TimeoutError } from "viem";
import { createChainFetch } from "../../server/src/http/chainFetch.ts";

type Handler = (body: { id: number; method: string }, response: ServerResponse) => void;

async function startNode(handler: Handler, keepAliveTimeout = 5_000) {
  const connections: unknown[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    request.on("end", () => handler(JSON.parse(text) as { id: number; method: string }, response));
  });
  server.keepAliveTimeout = keepAliveTimeout;
  server.on("connection", (socket) => connections.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
};
const blockNumber: Handler = (body, response) => json(response, 200, { jsonrpc: "2.0", id: body.id, result: "0x2a" });

const client = (url: string, options: { timeout?: number; maxResponseBytes?: number } = {}) =>
  createPublicClient({
    transport: http(url, {
      fetchFn: createChainFetch({ maxResponseBytes: options.maxResponseBytes }),
      maxResponseBodySize: false,
      retryCount: 0,
      timeout: options.timeout ?? 5_000,
    }),
  });

describe("relayer: the node's HTTP client", function () {
  it("answers JSON-RPC over one kept-alive connection", async function () {
    const node = await startNode(blockNumber);
    try {
      const chain = client(node.url);
      for (let i = 0; i < 20; i++) expect(await chain.getBlockNumber({ cacheTime: 0 })).to.equal(42n);
      expect(node.connections).to.have.length(1);
    } finally {
      await node.close();
    }
  });

  it("passes the node's JSON-RPC error and an HTTP error status on as viem's errors", async function () {
    const node = await startNode((body, response) => {
      if (body.method === "eth_blockNumber") json(response, 200, { jsonrpc: "2.0", id: body.id, error: { code: -32000, message: "header not found" } });
      else {
        response.writeHead(503, { "content-type": "text/plain" });
        response.end("busy");
      }
    });
    try {
      const chain = client(node.url);
      const rpcError = await chain.getBlockNumber({ cacheTime: 0 }).catch((error: unknown) => error);
      expect(rpcError).to.be.instanceOf(Error);
      expect((rpcError as Error).message).to.include("header not found");
      const httpError = await chain.getChainId().catch((error: unknown) => error);
      expect((httpError as Error & { walk: (fn: (e: unknown) => boolean) => unknown }).walk((e) => e instanceof HttpRequestError)).to.be.instanceOf(HttpRequestError);
      expect((httpError as Error).message).to.include("Status: 503");
      expect(rpcError).to.not.be.instanceOf(HttpRequestError);
      expect((rpcError as Error & { walk: (fn: (e: unknown) => boolean) => unknown }).walk((e) => e instanceof RpcRequestError)).to.be.instanceOf(RpcRequestError);
    } finally {
      await node.close();
    }
  });

  it("gives up on a node that does not answer within viem's timeout, and closes that request's socket", async function () {
    const hanging: ServerResponse[] = [];
    const node = await startNode((_body, response) => hanging.push(response));
    try {
      const started = Date.now();
      const error = await client(node.url, { timeout: 200 })
        .getBlockNumber({ cacheTime: 0 })
        .catch((caught: unknown) => caught);
      expect((error as Error & { walk: (fn: (e: unknown) => boolean) => unknown }).walk((e) => e instanceof TimeoutError)).to.be.instanceOf(TimeoutError);
      expect(Date.now() - started).to.be.lessThan(2_000);
      // The aborted request's socket is destroyed: the node sees its connection close.
      const socket = node.connections[0] as { destroyed: boolean; once: (event: string, fn: () => void) => void };
      if (!socket.destroyed) await new Promise<void>((resolve) => socket.once("close", resolve));
      expect(socket.destroyed).to.equal(true);
    } finally {
      await node.close();
    }
  });

  it("refuses a response larger than its limit instead of buffering it", async function () {
    const node = await startNode((body, response) => json(response, 200, { jsonrpc: "2.0", id: body.id, result: `0x${"00".repeat(5_000)}` }));
    try {
      const error = await client(node.url, { maxResponseBytes: 1_000 })
        .getBlockNumber({ cacheTime: 0 })
        .catch((caught: unknown) => caught);
      expect((error as Error).message).to.include("larger than 1000 bytes");
    } finally {
      await node.close();
    }
  });

  it("keeps answering after the node closed its idle kept-alive socket", async function () {
    const node = await startNode(blockNumber, 50);
    try {
      const chain = client(node.url);
      expect(await chain.getBlockNumber({ cacheTime: 0 })).to.equal(42n);
      await new Promise((resolve) => setTimeout(resolve, 150)); // past the node's keep-alive timeout
      expect(await chain.getBlockNumber({ cacheTime: 0 })).to.equal(42n);
      expect(node.connections).to.have.length(2);
    } finally {
      await node.close();
    }
  });
});
