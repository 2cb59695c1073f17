// Errors of the audit module: viem's BaseError (shortMessage, details, cause, walk()), one subclass per
// failure a caller may want to tell apart. The UI shows `shortMessage` only.
import { BaseError } from "viem";

/** Base of every error the audit module throws. */
export class AuditError extends BaseError {
  override name = "AuditError";
}

export type LogRangeErrorType = LogRangeError;

/** `eth_getLogs` failed even for a single block, so the range cannot be split any further. */
export class LogRangeError extends AuditError {
  override name = "LogRangeError";
  constructor({ block, cause }: { block: bigint; cause: Error }) {
    super(`The node refused eth_getLogs for block ${block} even on its own.`, {
      details: "The node limits log queries more tightly than one block; use another RPC.",
      cause,
    });
  }
}

export type InvalidPeriodErrorType = InvalidPeriodError;

/** The period's start is after its end, or it lies after the newest block. */
export class InvalidPeriodError extends AuditError {
  override name = "InvalidPeriodError";
  constructor({ reason }: { reason: string }) {
    super("The audit period covers no block.", { details: reason });
  }
}

export type ReceiptNotFoundErrorType = ReceiptNotFoundError;

/** No escrow payment matches the reference (payment id, transaction hash or user-operation hash). */
export class ReceiptNotFoundError extends AuditError {
  override name = "ReceiptNotFoundError";
  constructor({ ref }: { ref: string }) {
    super("No payment on-chain matches this reference.", {
      details: `${ref} is neither a payment id, nor a transaction or user operation that touched the escrow.`,
    });
  }
}
