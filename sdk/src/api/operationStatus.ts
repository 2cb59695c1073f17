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
    /**
     * Asked for with `receipt: true`: once included, the operation's ERC-4337 receipt (what
     * eth_getUserOperationReceipt answers), so that a wallet needs no second request.
     */
    receipt: z.unknown().optional(),
  })
  .nullable();

export type UserOperationStatus = z.output<typeof userOperationStatus>;

/** The longest a `paykey_getUserOperationStatus` call may wait for a change (ms). */
export const maxStatusWaitMs = 10_000;

/**
 * The optional second parameter of `paykey_getUserOperationStatus`: answer only once the
 * status is no longer `from` (the one the caller knows), or after `waitMs` — instead of polling;
 * with `receipt: true`, an answer of `included` carries the operation's receipt.
 */
export const userOperationStatusWait = z
  .object({
    from: z.enum(["received", "submitted"]),
    waitMs: z.number().int().min(0).max(maxStatusWaitMs),
    receipt: z.boolean().optional(),
  })
  .strict();

export type UserOperationStatusWait = z.input<typeof userOperationStatusWait>;
