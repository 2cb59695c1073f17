// zod schemas for JSON-RPC values: addresses, byte strings and quantities with bounds, and
// the ERC-4337 v0.7/v0.8 RPC form of a user operation. Anything outside a bound is an
// invalid-params error (-32602), never an exception deeper in the relayer.
import { getAddress, type Address, type Hex } from "viem";
import type { UserOperation } from "viem/account-abstraction";
import { z } from "zod";

export const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 20-byte hex address")
  .transform((value) => getAddress(value));

export const hash = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 32-byte hex hash")
  .transform((value) => value.toLowerCase() as Hex);

export const bytes = (maxBytes: number) =>
  z
    .string()
    .regex(/^0x([0-9a-fA-F]{2})*$/, "must be 0x-prefixed hex bytes")
    .refine((value) => (value.length - 2) / 2 <= maxBytes, `must be at most ${maxBytes} bytes`)
    .transform((value) => value.toLowerCase() as Hex);

/** A hex quantity below 2^bits (EntryPoint v0.8 packs gas and fee values in 120..128 bits). */
export const quantity = (bits: number) =>
  z
    .string()
    .regex(/^0x[0-9a-fA-F]{1,64}$/, "must be a hex quantity")
    .transform((value) => BigInt(value))
    .refine((value) => value < 1n << BigInt(bits), `must be below 2^${bits}`);

const gas = quantity(120);

const userOperationFields = {
  sender: address,
  nonce: quantity(256),
  factory: address.nullish(),
  factoryData: bytes(32_768).nullish(),
  callData: bytes(65_536),
  callGasLimit: gas,
  verificationGasLimit: gas,
  preVerificationGas: gas,
  maxFeePerGas: gas,
  maxPriorityFeePerGas: gas,
  paymaster: address.nullish(),
  paymasterVerificationGasLimit: gas.nullish(),
  paymasterPostOpGasLimit: gas.nullish(),
  paymasterData: bytes(8_192).nullish(),
  signature: bytes(16_384),
  eip7702Auth: z.unknown().optional(),
};

function normalize(op: z.output<z.ZodObject<typeof userOperationFields>>, ctx: z.RefinementCtx): UserOperation<"0.8"> {
  if (op.eip7702Auth !== undefined && op.eip7702Auth !== null) {
    ctx.addIssue({ code: "custom", message: "EIP-7702 user operations are not supported", path: ["eip7702Auth"] });
  }
  if (op.factory && op.factory.toLowerCase() === "0x7702000000000000000000000000000000000000") {
    ctx.addIssue({ code: "custom", message: "EIP-7702 user operations are not supported", path: ["factory"] });
  }
  const userOperation: UserOperation<"0.8"> = {
    sender: op.sender,
    nonce: op.nonce,
    callData: op.callData,
    callGasLimit: op.callGasLimit,
    verificationGasLimit: op.verificationGasLimit,
    preVerificationGas: op.preVerificationGas,
    maxFeePerGas: op.maxFeePerGas,
    maxPriorityFeePerGas: op.maxPriorityFeePerGas,
    signature: op.signature,
  };
  if (op.factory) {
    userOperation.factory = op.factory;
    userOperation.factoryData = op.factoryData ?? "0x";
  }
  if (op.paymaster) {
    userOperation.paymaster = op.paymaster;
    userOperation.paymasterVerificationGasLimit = op.paymasterVerificationGasLimit ?? 0n;
    userOperation.paymasterPostOpGasLimit = op.paymasterPostOpGasLimit ?? 0n;
    userOperation.paymasterData = op.paymasterData ?? "0x";
  }
  return userOperation;
}

/** A complete user operation (eth_sendUserOperation, pm_getPaymasterData). */
export const userOperation = z.object(userOperationFields).transform(normalize);

/** A user operation whose gas values may still be missing (estimation, paymaster stub). */
export const partialUserOperation = z
  .object({
    ...userOperationFields,
    callGasLimit: gas.optional(),
    verificationGasLimit: gas.optional(),
    preVerificationGas: gas.optional(),
    maxFeePerGas: gas.optional(),
    maxPriorityFeePerGas: gas.optional(),
    signature: bytes(16_384).optional(),
  })
  .transform((op, ctx) =>
    normalize(
      {
        ...op,
        callGasLimit: op.callGasLimit ?? 0n,
        verificationGasLimit: op.verificationGasLimit ?? 0n,
        preVerificationGas: op.preVerificationGas ?? 0n,
        maxFeePerGas: op.maxFeePerGas ?? 0n,
        maxPriorityFeePerGas: op.maxPriorityFeePerGas ?? 0n,
        signature: op.signature ?? "0x",
      },
      ctx,
    ),
  );

export const entryPoint = address;
export const chainIdParam = z
  .union([z.string().regex(/^0x[0-9a-fA-F]{1,16}$/), z.number().int().nonnegative()])
  .transform((value) => Number(value));

/** ERC-7677 params: (userOperation, entryPoint, chainId, context?). */
export const paymasterParams = z.union([
  z.tuple([partialUserOperation, address, chainIdParam]),
  z.tuple([partialUserOperation, address, chainIdParam, z.record(z.string(), z.unknown()).nullable()]),
]);
