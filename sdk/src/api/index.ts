// The relayer's REST API as zod schemas: the relayer validates requests and serialises
// responses with them, the web derives its types from them (`import type` only, so zod stays
// out of the browser bundle). One file per area; `primitives.ts` holds the shared value shapes.
export * from "./auth.ts";
export * from "./config.ts";
export * from "./errors.ts";
export * from "./health.ts";
export * from "./operationStatus.ts";
export * from "./payments.ts";
export * from "./primitives.ts";
export * from "./requests.ts";
export * from "./stores.ts";
