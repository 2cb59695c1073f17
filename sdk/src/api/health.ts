// GET /health: liveness and readiness for operators and load balancers.
import { z } from "zod";

export const healthOk = z.object({ status: z.literal("ok"), chainId: z.number(), blockNumber: z.string(), database: z.string() });
export const healthDegraded = z.object({ status: z.literal("degraded"), problems: z.array(z.string()) });

export type Health = z.output<typeof healthOk> | z.output<typeof healthDegraded>;
