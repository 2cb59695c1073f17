// Serves a built single-page app (the web app) from a directory on the same origin: files by
// path, `index.html` for any other GET that asks for HTML (client-side routes).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

async function fileAt(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split("?")[0] ?? "/");
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const path = resolve(root, `.${normalize(`/${decoded}`)}`);
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile()) return path;
  if (info?.isDirectory()) {
    const index = join(path, "index.html");
    if ((await stat(index).catch(() => undefined))?.isFile()) return index;
  }
  return undefined;
}

/** A not-found handler that serves `root`; returns false when it did not handle the request. */
export function createStaticHandler(rootDir: string) {
  const root = resolve(rootDir);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    let file = await fileAt(root, request.url);
    if (!file && (request.headers.accept ?? "").includes("text/html")) file = await fileAt(root, "/index.html");
    if (!file) return false;
    const type = contentTypes[extname(file)] ?? "application/octet-stream";
    // Hashed build assets never change; HTML must be revalidated so a deploy is picked up.
    const cache = file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
    await reply.header("content-type", type).header("cache-control", cache).send(createReadStream(file));
    return true;
  };
}
