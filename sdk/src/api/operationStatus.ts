// The result of `paykey_getUserOperationStatus` (JSON-RPC), the one relayer RPC method outside
// ERC-4337 and ERC-7677 that the web calls. The standard methods keep their schemas in the
// relayer (server/src/rpc/schemas.ts): the web reaches them through viem's bundler and
// paymaster clients, whose types already describe those shapes.
import { z } from "zod";
import { hash } from "./primitives.ts";

export const userOperationStatus = z
  .object({
    userOpHash: hash,
    /** Where the relayer's outbox has the operation; `failed` and `replaced` are final. */
    status: z.enum(["received", "submitted", "included", "failed", "replaced"]),
    success: z.boolean().nullable(),
    transactionHash: hash.nullable(),
    reason: z.string().nullable(),
  })
  .nullable();

export type UserOperationStatus = z.output<typeof userOperationStatus>;
