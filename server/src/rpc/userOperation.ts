// Conversions of a user operation between its RPC form, viem's typed form and the packed
// struct the EntryPoint takes; its v0.8 hash (EIP-712, equal to EntryPoint.getUserOpHash).
import { numberToHex, type Address, type Hex } from "viem";
import { getUserOperationHash, toPackedUserOperation, type PackedUserOperation, type UserOperation } from "viem/account-abstraction";

export type { PackedUserOperation, UserOperation };

export function userOperationHash(op: UserOperation<"0.8">, entryPoint: Address, chainId: number): Hex {
  return getUserOperationHash({ userOperation: op, entryPointAddress: entryPoint, entryPointVersion: "0.8", chainId });
}

export function packUserOperation(op: UserOperation<"0.8">): PackedUserOperation {
  return toPackedUserOperation(op);
}

/** The RPC (JSON) form: hex quantities, optional fields only when present. */
export function toRpcUserOperation(op: UserOperation<"0.8">): Record<string, Hex | Address> {
  const rpc: Record<string, Hex | Address> = {
    sender: op.sender,
    nonce: numberToHex(op.nonce),
    callData: op.callData,
    callGasLimit: numberToHex(op.callGasLimit),
    verificationGasLimit: numberToHex(op.verificationGasLimit),
    preVerificationGas: numberToHex(op.preVerificationGas),
    maxFeePerGas: numberToHex(op.maxFeePerGas),
    maxPriorityFeePerGas: numberToHex(op.maxPriorityFeePerGas),
    signature: op.signature,
  };
  if (op.factory) {
    rpc.factory = op.factory;
    rpc.factoryData = op.factoryData ?? "0x";
  }
  if (op.paymaster) {
    rpc.paymaster = op.paymaster;
    rpc.paymasterVerificationGasLimit = numberToHex(op.paymasterVerificationGasLimit ?? 0n);
    rpc.paymasterPostOpGasLimit = numberToHex(op.paymasterPostOpGasLimit ?? 0n);
    rpc.paymasterData = op.paymasterData ?? "0x";
  }
  return rpc;
}

/** The most gas the operation can consume (what caps and budgets count before inclusion). */
export function maxGasOf(op: UserOperation<"0.8">): bigint {
  return (
    op.verificationGasLimit +
    op.callGasLimit +
    op.preVerificationGas +
    (op.paymasterVerificationGasLimit ?? 0n) +
    (op.paymasterPostOpGasLimit ?? 0n)
  );
}
