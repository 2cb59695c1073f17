// JSON-RPC errors with the codes of JSON-RPC 2.0 and ERC-4337 / ERC-7769 (as alto uses them).
// `data` carries a machine-readable reason, e.g. `{ reason: "daily_op_cap", limit, used }`.
import { BaseError, type BaseErrorParameters } from "./base.ts";

export const rpcErrorCodes = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** A request above a limit of this server (EIP-1474), e.g. an eth_getLogs range on /chain. */
  limitExceeded: -32005,
  /** Rejected by EntryPoint simulation or validation (AA1x/AA2x, or a revert during validation). */
  rejectedByEntryPoint: -32500,
  /** Rejected by the paymaster (AA3x) or by the sponsorship policy. */
  rejectedByPaymaster: -32501,
  bannedOpcode: -32502,
  /** validUntil/validAfter of the account or paymaster is out of range. */
  outOfTimeRange: -32503,
  /** The paymaster (or this sender) is throttled: caps, budget, velocity. */
  throttled: -32504,
  insufficientStake: -32505,
  unsupportedAggregator: -32506,
  invalidSignature: -32507,
  /** The user operation's execution (its call data) reverts. */
  executionReverted: -32521,
} as const;

export type RpcErrorCode = (typeof rpcErrorCodes)[keyof typeof rpcErrorCodes];

export type RpcErrorData = { reason: string; [key: string]: unknown };

export class RpcError extends BaseError {
  readonly code: RpcErrorCode;
  readonly data: RpcErrorData | undefined;

  constructor(
    code: RpcErrorCode,
    shortMessage: string,
    parameters: BaseErrorParameters & { data?: RpcErrorData | undefined } = {},
  ) {
    super(shortMessage, { name: "RpcError", ...parameters });
    this.code = code;
    this.data = parameters.data;
  }
}

export class InvalidParamsError extends RpcError {
  constructor(shortMessage: string, data?: RpcErrorData) {
    super(rpcErrorCodes.invalidParams, shortMessage, { data, name: "InvalidParamsError" });
  }
}

export class MethodNotFoundError extends RpcError {
  constructor(method: string) {
    super(rpcErrorCodes.methodNotFound, `Method ${JSON.stringify(method.slice(0, 64))} is not supported.`, {
      data: { reason: "method_not_found" },
      name: "MethodNotFoundError",
    });
  }
}

/** A sponsorship the policy refuses: -32501 for rules, -32504 for caps and rate rules. */
export class SponsorshipRefusedError extends RpcError {
  constructor(shortMessage: string, data: RpcErrorData, code: RpcErrorCode = rpcErrorCodes.rejectedByPaymaster) {
    super(code, shortMessage, { data, name: "SponsorshipRefusedError" });
  }
}
