// paykey_getUserOperationStatus(hash, wait?) → the outbox status (received, submitted,
// included, failed, replaced) and the reason an operation was dropped; null when unknown.
// With `{ from, waitMs }` the answer comes once the status is no longer `from` (or after
// waitMs, at most 10 s): a wallet learns of its bundle and its inclusion at once, with one
// request each instead of a poll every few hundred milliseconds. With `receipt: true` as well,
// an `included` answer carries the eth_getUserOperationReceipt receipt: no request for it after.
import { z } from "zod";
import { userOperationStatusWait } from "@paykey/sdk/api";
import { userOperationReceipt, userOperationStatus } from "../../executor/lookup.ts";
import { defineRpcMethod } from "../method.ts";
import { hash } from "../schemas.ts";

/** How often a wait looks again while other instances may change the operation (theirs do not wake it). */
const sharedRecheckMs = 250;
/** Alone, this instance's own writes wake a wait; it still looks again this often. */
const recheckMs = 1_000;

export const paykeyGetUserOperationStatus = defineRpcMethod({
  name: "paykey_getUserOperationStatus",
  params: z.union([z.tuple([hash]), z.tuple([hash, userOperationStatusWait])]),
  handler: async ([userOpHash, wait], context) => {
    const { operations, leases } = context.executor;
    const deadline = Date.now() + (wait?.waitMs ?? 0);
    for (;;) {
      const status = await userOperationStatus(operations, userOpHash);
      const left = deadline - Date.now();
      if (!wait || status?.status !== wait.from || left <= 0) {
        if (wait?.receipt && status?.status === "included") return { ...status, receipt: await userOperationReceipt(operations, userOpHash) };
        return status;
      }
      // Stopping: answer with what is known now.
      if ((await operations.changed(userOpHash, Math.min(left, leases.shared() ? sharedRecheckMs : recheckMs))) === "closed") return status;
    }
  },
});
