// SponsorPaymaster data: the relayer's sponsor key signs OpenZeppelin's EIP-712 `UserOperationRequest` over the
// operation's fields and a validity window; `paymasterData = validAfter (6) || validUntil (6) || signature (65)`.
// v0.8 order: sponsor first (this), passkey last (`signUserOperation`), because the userOpHash covers
// the whole paymasterAndData.
import {
  type Address,
  type Hex,
  type LocalAccount,
  concatHex,
  numberToHex,
  pad,
  type TypedDataDefinition,
} from "viem";
import type { UserOperation } from "viem/account-abstraction";
import { sponsorPaymasterDomain } from "./constants.ts";

/** The operation fields the sponsorship covers (everything but paymasterData and the passkey signature). */
export type SponsoredOperationFields = Pick<
  UserOperation<"0.8">,
  | "sender"
  | "nonce"
  | "callData"
  | "callGasLimit"
  | "verificationGasLimit"
  | "preVerificationGas"
  | "maxFeePerGas"
  | "maxPriorityFeePerGas"
> & {
  factory?: Address | undefined;
  factoryData?: Hex | undefined;
  paymasterVerificationGasLimit: bigint;
  paymasterPostOpGasLimit?: bigint | undefined;
};

export type GetSponsorshipTypedDataParameters = {
  paymasterAddress: Address;
  chainId: number;
  userOperation: SponsoredOperationFields;
  /** First second the sponsorship is valid (unix time); 0 for "now". */
  validAfter: number;
  /** Last second the sponsorship is valid (unix time). */
  validUntil: number;
};

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

/** The EIP-712 typed data the sponsor key signs (`PaymasterSigner._signableUserOpHash`). */
export function getSponsorshipTypedData(
  parameters: GetSponsorshipTypedDataParameters,
): TypedDataDefinition<typeof userOperationRequestTypes, "UserOperationRequest"> {
  const { paymasterAddress, chainId, userOperation: op, validAfter, validUntil } = parameters;
  return {
    domain: { ...sponsorPaymasterDomain, chainId, verifyingContract: paymasterAddress },
    types: userOperationRequestTypes,
    primaryType: "UserOperationRequest",
    message: {
      sender: op.sender,
      nonce: op.nonce,
      initCode: op.factory && op.factoryData ? concatHex([op.factory, op.factoryData]) : "0x",
      callData: op.callData,
      accountGasLimits: packUint128Pair(op.verificationGasLimit, op.callGasLimit),
      preVerificationGas: op.preVerificationGas,
      gasFees: packUint128Pair(op.maxPriorityFeePerGas, op.maxFeePerGas),
      paymasterVerificationGasLimit: op.paymasterVerificationGasLimit,
      paymasterPostOpGasLimit: op.paymasterPostOpGasLimit ?? 0n,
      validAfter,
      validUntil,
    },
  };
}

export type EncodeSponsorPaymasterDataParameters = { validAfter: number; validUntil: number; signature: Hex };

/** `validAfter (6 bytes) || validUntil (6 bytes) || signature`, the paymasterData SponsorPaymaster decodes. */
export function encodeSponsorPaymasterData({ validAfter, validUntil, signature }: EncodeSponsorPaymasterDataParameters): Hex {
  return concatHex([numberToHex(validAfter, { size: 6 }), numberToHex(validUntil, { size: 6 }), signature]);
}

export type SignSponsorshipParameters = GetSponsorshipTypedDataParameters & {
  /** The relayer's sponsor key (a local account: it signs typed data without a wallet prompt). */
  signer: LocalAccount;
};

export type SignSponsorshipReturnType = {
  paymaster: Address;
  paymasterData: Hex;
  paymasterVerificationGasLimit: bigint;
  paymasterPostOpGasLimit: bigint;
};

/** Signs a sponsorship and returns the paymaster fields to put in the user operation. */
export async function signSponsorship(parameters: SignSponsorshipParameters): Promise<SignSponsorshipReturnType> {
  const { signer, validAfter, validUntil, paymasterAddress, userOperation } = parameters;
  const signature = await signer.signTypedData(getSponsorshipTypedData(parameters));
  return {
    paymaster: paymasterAddress,
    paymasterData: encodeSponsorPaymasterData({ validAfter, validUntil, signature }),
    paymasterVerificationGasLimit: userOperation.paymasterVerificationGasLimit,
    paymasterPostOpGasLimit: userOperation.paymasterPostOpGasLimit ?? 0n,
  };
}

function packUint128Pair(high: bigint, low: bigint): Hex {
  return concatHex([pad(numberToHex(high), { size: 16 }), pad(numberToHex(low), { size: 16 })]);
}
