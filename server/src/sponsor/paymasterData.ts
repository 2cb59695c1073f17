// The paymaster signature (OpenZeppelin PaymasterSigner): EIP-712 over
// `UserOperationRequest` under the paymaster's own domain (read from its ERC-5267
// `eip712Domain()`), placed in paymasterData as validAfter (6 bytes) ‖ validUntil (6 bytes)
// ‖ ECDSA signature (65 bytes).
import { concat, numberToHex, pad, parseAbi, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { toPackedUserOperation, type UserOperation } from "viem/account-abstraction";
import { BaseError } from "../errors/base.ts";

const paymasterAbi = parseAbi([
  "function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)",
  "function signer() view returns (address)",
]);

const userOperationRequestTypes = {
  UserOperationRequest: [
    { name: "sender", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "initCode", type: "bytes" },
    { name: "callData", type: "bytes" },
    { name: "accountGasLimits", type: "bytes32" },
    { name: "preVerificationGas", type: "uint256" },
    { name: "gasFees", type: "bytes32" },
    { name: "paymasterVerificationGasLimit", type: "uint256" },
    { name: "paymasterPostOpGasLimit", type: "uint256" },
    { name: "validAfter", type: "uint48" },
    { name: "validUntil", type: "uint48" },
  ],
} as const;

/** A well-formed signature that recovers to no one: the stub costs what a real one costs. */
export const stubSignature: Hex = concat([pad("0x11", { size: 32, dir: "right" }), pad("0x01", { size: 32 }), "0x1b"]);

export type PaymasterSigner = {
  readonly address: Address;
  readonly paymaster: Address;
  sign(op: UserOperation<"0.8">, validity: { validAfter: number; validUntil: number }): Promise<Hex>;
};

export function encodePaymasterData(validAfter: number, validUntil: number, signature: Hex): Hex {
  return concat([pad(numberToHex(validAfter), { size: 6 }), pad(numberToHex(validUntil), { size: 6 }), signature]);
}

export class PaymasterSetupError extends BaseError {
  constructor(shortMessage: string, parameters: { cause?: unknown; details?: string } = {}) {
    super(shortMessage, { ...parameters, name: "PaymasterSetupError" });
  }
}

export async function createPaymasterSigner(parameters: {
  client: PublicClient;
  paymaster: Address;
  privateKey: Hex;
}): Promise<PaymasterSigner> {
  const { client, paymaster } = parameters;
  const account: PrivateKeyAccount = privateKeyToAccount(parameters.privateKey);
  let domain: { name: string; version: string; chainId: bigint; verifyingContract: Address };
  try {
    const [, name, version, chainId, verifyingContract] = await client.readContract({ address: paymaster, abi: paymasterAbi, functionName: "eip712Domain" });
    domain = { name, version, chainId, verifyingContract };
  } catch (cause) {
    throw new PaymasterSetupError(`The paymaster at ${paymaster} does not answer eip712Domain(); is it deployed?`, { cause });
  }
  const onChainSigner = await client.readContract({ address: paymaster, abi: paymasterAbi, functionName: "signer" }).catch(() => undefined);
  if (onChainSigner && onChainSigner.toLowerCase() !== account.address.toLowerCase()) {
    throw new PaymasterSetupError(
      `PAYMASTER_SIGNER_PRIVATE_KEY is for ${account.address}, but the paymaster at ${paymaster} trusts ${onChainSigner}.`,
    );
  }

  return {
    address: account.address,
    paymaster,
    async sign(op, { validAfter, validUntil }) {
      const packed = toPackedUserOperation({ ...op, paymaster, paymasterData: "0x" });
      const signature = await account.signTypedData({
        domain,
        types: userOperationRequestTypes,
        primaryType: "UserOperationRequest",
        message: {
          sender: packed.sender,
          nonce: packed.nonce,
          initCode: packed.initCode,
          callData: packed.callData,
          accountGasLimits: packed.accountGasLimits,
          preVerificationGas: packed.preVerificationGas,
          gasFees: packed.gasFees,
          paymasterVerificationGasLimit: op.paymasterVerificationGasLimit ?? 0n,
          paymasterPostOpGasLimit: op.paymasterPostOpGasLimit ?? 0n,
          validAfter,
          validUntil,
        },
      });
      return encodePaymasterData(validAfter, validUntil, signature);
    },
  };
}
