// Text from clients is stored as PostgreSQL text and JSONB, which hold neither U+0000 nor a
// lone surrogate (half of a UTF-16 pair, which JSON can escape): such a string anywhere in a
// JSON body, the query or the path parameters is refused here with 400 invalid_input, before
// any route can try to store it (and fail with a database error).
import type { FastifyRequest } from "fastify";
import { HttpError } from "../errors/http.ts";

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const storable = (text: string) => !text.includes("\u0000") && !loneSurrogate.test(text);

/** The path of the first string (or key) in `value` that cannot be stored, if any. */
function unstorablePath(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === "string") return storable(value) ? undefined : path || "/";
  if (depth > 64 || value === null || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (!storable(key)) return `${path}/${JSON.stringify(key)}`;
    const found = unstorablePath(item, `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  for (const [part, value] of [["body", typeof request.body === "object" ? request.body : undefined], ["query", request.query], ["params", request.params]] as const) {
    const path = unstorablePath(value, "", 0);
    if (path) {
      throw new HttpError(400, "invalid_input", "Text must be valid Unicode without the NUL character (U+0000).", {
        data: { issues: [{ path: `${part}${path === "/" ? "" : path}`, message: "contains U+0000 or a lone surrogate" }] },
      });
    }
  }
}
