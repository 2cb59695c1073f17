// Every refusal of the REST API: `{ error: { reason, message, ...data } }` with a 4xx or 5xx
// status. `reason` is machine-readable (`invalid_input`, `request_paid`, …); `message` is one
// sentence saying what to do. The commerce routes also carry `code` (the same value as `reason`).
import { z } from "zod";

export const errorBody = z.object({
  error: z.looseObject({ reason: z.string(), message: z.string(), code: z.string().optional() }),
});

export type ErrorBody = z.output<typeof errorBody>;
