// Limits for slow and greedy clients, on the Node HTTP server under Fastify: how long a socket
// may idle, how long headers and a whole request may take to arrive, how long an idle
// keep-alive socket stays open, and how many sockets one client address may hold at once.
import type { Server } from "node:http";
import type { Config } from "../config.ts";

/** Fastify's server options for the configured timeouts (Node answers a late request with 408 and closes it). */
export function serverTimeouts(config: Config) {
  const { connectionMs, headersMs, requestMs, keepAliveMs } = config.http.timeouts;
  return {
    connectionTimeout: connectionMs,
    requestTimeout: requestMs,
    keepAliveTimeout: keepAliveMs,
    http: {
      headersTimeout: headersMs,
      // Node checks the header and request deadlines on this interval (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(headersMs / 4))),
    },
  };
}

/**
 * At most `max` open sockets per remote address: one over is destroyed on arrival, before
 * anything is read from it, so a client holding many slow sockets cannot take the server's
 * from everyone else.
 */
export function limitConnectionsPerIp(server: Server, max: number, onRefused: (address: string) => void = () => {}): void {
  const open = new Map<string, number>();
  server.on("connection", (socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      onRefused(address);
      return;
    }
    open.set(address, count);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
