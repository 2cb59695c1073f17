// Several relayer instances behind one URL, for the multi-instance tests and benchmarks: a
// tiny HTTP proxy that hands each request to the next instance in turn and, when an instance
// does not answer (killed), to the one after it — what a load balancer in front of replicas
// does. Requests are buffered whole (JSON-RPC and REST bodies are small).
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RoundRobinProxy = {
  readonly url: string;
  /** Requests answered by each upstream, in the order given. */
  readonly served: number[];
  close(): Promise<void>;
};

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forward(upstream: URL, incoming: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host, "content-length": String(body.length) },
      },
      (response) => {
        readBody(response).then((data) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data }), reject);
      },
    );
    outgoing.once("error", reject);
    outgoing.end(body);
  });
}

export async function startRoundRobinProxy(upstreams: readonly string[], host = "127.0.0.1"): Promise<RoundRobinProxy> {
  const targets = upstreams.map((url) => new URL(url));
  const served = targets.map(() => 0);
  let next = 0;

  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(incoming);
    const first = next;
    next = (next + 1) % targets.length;
    let lastError: unknown;
    for (let tried = 0; tried < targets.length; tried++) {
      const index = (first + tried) % targets.length;
      try {
        const answer = await forward(targets[index]!, incoming, body);
        served[index]! += 1;
        const headers = { ...answer.headers };
        delete headers["transfer-encoding"];
        response.writeHead(answer.status, { ...headers, "content-length": String(answer.body.length) });
        response.end(answer.body);
        return;
      } catch (error) {
        // Not answering (refused, reset): the next instance gets the request.
        lastError = error;
      }
    }
    response.writeHead(502, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { reason: "no_upstream", message: String(lastError) } }));
  };

  const server = createServer((incoming, response) => {
    handle(incoming, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    served,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
