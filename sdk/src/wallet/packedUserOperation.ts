// The ERC-4337 v0.8 PackedUserOperation, defined once: viem's `toPackedUserOperation` packs the
// fields (initCode = factory ‖ factoryData, accountGasLimits and gasFees as two uint128 each,
// paymasterAndData), and its ABI type is the EntryPoint's own, read from the generated ABI
// (`getUserOpHash(PackedUserOperation)`), so the tuple is never written by hand.
import { encodeAbiParameters, getAbiItem, type Hex } from "viem";
import { type PackedUserOperation, type UserOperation, toPackedUserOperation } from "viem/account-abstraction";
import { entryPointAbi } from "../generated/contracts.ts";

export type { PackedUserOperation };
export { toPackedUserOperation };

/** `struct PackedUserOperation` as an ABI parameter (a tuple), from the compiled EntryPoint. */
export const packedUserOperationParameter = /* @__PURE__ */ getAbiItem({ abi: entryPointAbi, name: "getUserOpHash" }).inputs[0];

/** The ABI encoding of a user operation's packed form (what `handleOps` carries per operation). */
export function encodePackedUserOperation(userOperation: UserOperation<"0.8">): Hex {
  return encodeAbiParameters([packedUserOperationParameter], [toPackedUserOperation(userOperation)]);
}
