// Conversions of a user operation between its RPC form, viem's typed form and the packed
// struct the EntryPoint takes; its v0.8 hash (EIP-712, equal to EntryPoint.getUserOpHash).
import { concat, numberToHex, pad, toHex, type Address, type Hex } from "viem";
import { keccak256 } from "../keccak.ts";
import { toPackedUserOperation, type PackedUserOperation, type UserOperation } from "viem/account-abstraction";

export type { PackedUserOperation, UserOperation };

const packedUserOperationTypehash = keccak256(
  toHex("PackedUserOperation(address sender,uint256 nonce,bytes initCode,bytes callData,bytes32 accountGasLimits,uint256 preVerificationGas,bytes32 gasFees,bytes paymasterAndData)"),
);
const domainTypehash = keccak256(toHex("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"));
const domainSeparators = new Map<string, Hex>();

/** An EIP-712 domain separator (name, version, chainId, verifyingContract), computed once per domain. */
export function domainSeparator(domain: { name: string; version: string }, verifyingContract: Address, chainId: number): Hex {
  const key = `${domain.name}:${domain.version}:${chainId}:${verifyingContract.toLowerCase()}`;
  let separator = domainSeparators.get(key);
  if (!separator) {
    const fields = [domainTypehash, keccak256(toHex(domain.name)), keccak256(toHex(domain.version)), numberToHex(chainId, { size: 32 }), pad(verifyingContract)];
    separator = keccak256(concat(fields));
    domainSeparators.set(key, separator);
  }
  return separator;
}

const entryPointDomain = { name: "ERC4337", version: "1" };

/** keccak256 of call data, remembered for the last few thousand: an operation's call data is
 * hashed when it is sponsored and again when it is sent, and it is the longest field (a
 * payment's is over 1 KB; the hash costs more than the rest of either digest). */
const callDataHashes = new Map<string, Hex>();
export function callDataHash(callData: Hex): Hex {
  let hash = callDataHashes.get(callData);
  if (!hash) {
    hash = keccak256(callData);
    callDataHashes.set(callData, hash);
    if (callDataHashes.size > 4_096) callDataHashes.delete(callDataHashes.keys().next().value!);
  }
  return hash;
}

/**
 * The v0.8 userOpHash (EIP-712, equal to EntryPoint.getUserOpHash and to viem's
 * getUserOperationHash) with the domain separator computed once and the struct encoded
 * word by word: the relayer hashes every operation it receives, and viem's generic typed-data
 * encoder costs several times more.
 */
export function userOperationHash(op: UserOperation<"0.8">, entryPoint: Address, chainId: number): Hex {
  const packed = toPackedUserOperation(op, { forHash: true });
  const struct = keccak256(
    concat([
      packedUserOperationTypehash,
      pad(packed.sender),
      numberToHex(packed.nonce, { size: 32 }),
      keccak256(packed.initCode),
      callDataHash(packed.callData),
      packed.accountGasLimits,
      numberToHex(packed.preVerificationGas, { size: 32 }),
      packed.gasFees,
      keccak256(packed.paymasterAndData),
    ]),
  );
  return keccak256(concat(["0x1901", domainSeparator(entryPointDomain, entryPoint, chainId), struct]));
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
