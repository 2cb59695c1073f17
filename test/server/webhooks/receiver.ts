// A webhook receiver on a loopback port: records every request (headers and raw body) and
// answers each path with the status codes it is told, in turn (then 200), so tests can make
// one endpoint fail while others succeed.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedWebhook = { path: string; headers: IncomingHttpHeaders; body: string; at: number; status: number };

export async function startReceiver() {
  const received: ReceivedWebhook[] = [];
  const answers = new Map<string, { next: number[]; then: number }>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      const plan = answers.get(path);
      const status = plan?.next.shift() ?? plan?.then ?? 200;
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now(), status });
      response.writeHead(status, { "content-type": "text/plain" });
      response.end(status < 300 ? "ok" : "try again");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Answer the next requests to `path` with these statuses, then `then` (default 200) for good. */
    answer(path: string, statuses: number[], then = 200) {
      answers.set(path, { next: [...statuses], then });
    },
    /** The requests for event `type` (parsed body), in arrival order. */
    ofType(type: string) {
      return received.filter((entry) => (JSON.parse(entry.body) as { type: string }).type === type);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
