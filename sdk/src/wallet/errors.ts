// Errors of the wallet module: viem's BaseError (shortMessage, details, cause, walk()), one subclass per
// failure a caller may want to tell apart. The UI shows `shortMessage` only.
import { BaseError } from "viem";

export type WalletErrorType = WalletError;

/** Base of every error the wallet module throws. */
export class WalletError extends BaseError {
  override name = "WalletError";
}

export type InvalidPasskeyPublicKeyErrorType = InvalidPasskeyPublicKeyError;

/** The passkey public key is not a 64-byte `x || y` (or 65-byte `0x04 || x || y`) P-256 point. */
export class InvalidPasskeyPublicKeyError extends WalletError {
  override name = "InvalidPasskeyPublicKeyError";
  constructor({ publicKey, reason }: { publicKey: string; reason: string }) {
    super("The passkey public key is not a valid P-256 key.", { details: `${reason}: ${publicKey}` });
  }
}

export type InvalidPasskeySignatureErrorType = InvalidPasskeySignatureError;

/** A WebAuthn assertion or P-256 signature cannot be encoded for the account. */
export class InvalidPasskeySignatureError extends WalletError {
  override name = "InvalidPasskeySignatureError";
  constructor({ reason, cause }: { reason: string; cause?: Error | undefined }) {
    super("The passkey signature cannot be used.", { details: reason, cause });
  }
}

export type MissingPayerAmountErrorType = MissingPayerAmountError;

/** A discounted payment needs the payer amount (from `escrow.quote`) so the approval is exact. */
export class MissingPayerAmountError extends WalletError {
  override name = "MissingPayerAmountError";
  constructor() {
    super("The amount the payer pays after discounts is required.", {
      details: "A payment with points or a coupon approves exactly the discounted amount: pass `payerAmount` (escrow.quote).",
    });
  }
}

export type UnsupportedChainErrorType = UnsupportedChainError;

/** The client has no chain, so hashes cannot be bound to a chain id. */
export class UnsupportedChainError extends WalletError {
  override name = "UnsupportedChainError";
  constructor() {
    super("The client has no chain configured.", { details: "Create the client with a `chain` so operations are bound to its id." });
  }
}
