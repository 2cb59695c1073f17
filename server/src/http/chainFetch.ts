// The `fetch` viem's HTTP transport uses to reach the chain's node: Node's own http(s) client
// over kept-alive sockets. The global fetch (undici) builds a Request, a web stream and an
// abort chain for every call; the relayer makes several node calls per payment, and in its
// profile under load that machinery cost about as much CPU as the calls' own socket writes.
// Only what viem's transport reads is answered: status, headers, and the body as text.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** viem's own default: a node answering more than this is refused, not buffered. */
export const maxChainResponseBytes = 10_485_760;

export type ChainFetch = (url: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A fetch for one node's JSON-RPC (`http:` or `https:`): POST bodies as strings, kept-alive
 * connections (at most `maxSockets` open), `init.signal` aborting the request (viem's timeout).
 * A socket the node closed while idle is noticed on reuse and the request sent once more on a
 * new one (JSON-RPC reads are safe to repeat, and a raw transaction sent twice is known by hash).
 */
export function createChainFetch(options: { maxSockets?: number; maxResponseBytes?: number } = {}): ChainFetch {
  const maxResponseBytes = options.maxResponseBytes ?? maxChainResponseBytes;
  const agents = {
    "http:": new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 }),
    "https:": new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 }),
  };

  function send(url: URL, init: RequestInit, retry: boolean): Promise<Response> {
    const signal = init.signal ?? undefined;
    const body = typeof init.body === "string" ? init.body : undefined;
    if (init.body != null && body === undefined) return Promise.reject(new TypeError("chain fetch sends string bodies only"));
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    const protocol = url.protocol === "https:" ? "https:" : "http:";
    const request = (protocol === "https:" ? httpsRequest : httpRequest)(url, { method: init.method ?? "GET", headers, agent: agents[protocol] });

    return new Promise<Response>((resolve, reject) => {
      const abort = () => request.destroy(signal?.reason instanceof Error ? signal.reason : new DOMException("The request was aborted.", "AbortError"));
      if (signal?.aborted) return abort();
      signal?.addEventListener("abort", abort, { once: true });
      const done = () => signal?.removeEventListener("abort", abort);

      request.on("response", (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) {
            response.destroy();
            request.destroy();
            done();
            reject(new Error(`The node's response is larger than ${maxResponseBytes} bytes.`));
            return;
          }
          chunks.push(chunk);
        });
        response.on("error", (error) => {
          done();
          reject(error);
        });
        response.on("end", () => {
          done();
          const text = Buffer.concat(chunks, size).toString("utf8");
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
          }
          resolve(textResponse(text, response.statusCode ?? 0, response.statusMessage ?? "", responseHeaders));
        });
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        done();
        if (retry && request.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE") && !signal?.aborted) {
          resolve(send(url, init, false));
          return;
        }
        reject(error);
      });
      request.end(body);
    });
  }

  return (input, init = {}) => {
    if (input instanceof Request) return Promise.reject(new TypeError("chain fetch takes a URL and its init"));
    return send(new URL(input), init, true);
  };
}

/** The parts of a Response a JSON-RPC client reads, over a body already read. */
function textResponse(text: string, status: number, statusText: string, headers: Headers): Response {
  const response = {
    ok: status >= 200 && status < 300,
    status,
    statusText,
    headers,
    body: null,
    bodyUsed: false,
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
  };
  return response as unknown as Response;
}
