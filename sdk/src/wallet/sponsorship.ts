// SponsorPaymaster data: the relayer's sponsor key signs OpenZeppelin's EIP-712 `UserOperationRequest` over the
// operation's fields and a validity window; `paymasterData = validAfter (6) || validUntil (6) || signature (65)`.
// v0.8 order: sponsor first (this), passkey last (`signUserOperation`), because the userOpHash covers
// the whole paymasterAndData.
import { type Address, type Hex, type LocalAccount, concatHex, numberToHex, type TypedDataDefinition } from "viem";
import type { UserOperation } from "viem/account-abstraction";
import { sponsorPaymasterDomain } from "./constants.ts";
import { toPackedUserOperation } from "./packedUserOperation.ts";

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

// OpenZeppelin PaymasterSigner's EIP-712 struct. EIP-712 types are not part of a contract's ABI (the
// contract holds only their typehash), so this one is written here; its packed fields come from
// the one PackedUserOperation definition (packedUserOperation.ts).
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
  // paymasterAndData is not signed (it will hold this signature): only the paymaster's two gas limits are.
  const packed = toPackedUserOperation({ ...op, signature: "0x" });
  return {
    domain: { ...sponsorPaymasterDomain, chainId, verifyingContract: paymasterAddress },
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

export type CreateLocalSponsorPaymasterParameters = {
  paymasterAddress: Address;
  /** The sponsor key (only where it lives: the relayer, or tests). */
  signer: LocalAccount;
  /** Seconds a sponsorship stays valid; 10 minutes by default. */
  validForSeconds?: number | undefined;
  /** Gas the paymaster's validation may use; 60k by default (ECDSA recovery plus EIP-712 hashing needs ~15k). */
  paymasterVerificationGasLimit?: bigint | undefined;
  /** Current unix time; the wall clock by default (tests of a time-travelled chain pass the chain's clock). */
  now?: (() => Promise<number> | number) | undefined;
};

type PaymasterRequest = Partial<SponsoredOperationFields> & Pick<SponsoredOperationFields, "sender" | "nonce" | "callData"> & {
  chainId: number;
};

/**
 * A viem bundler-client `paymaster` that signs sponsorships with a local sponsor key — the relayer's own
 * ERC-7677 handler and tests use it; a browser uses the relayer's paymaster RPC instead.
 */
export function createLocalSponsorPaymaster(parameters: CreateLocalSponsorPaymasterParameters) {
  const { paymasterAddress, signer, validForSeconds = 600, now = () => Math.floor(Date.now() / 1000) } = parameters;
  const paymasterVerificationGasLimit = parameters.paymasterVerificationGasLimit ?? 60_000n;
  const stubSignature = `0x${"ff".repeat(64)}1b` as const;
  return {
    async getPaymasterStubData() {
      return {
        paymaster: paymasterAddress,
        paymasterData: encodeSponsorPaymasterData({ validAfter: 0, validUntil: 0, signature: stubSignature }),
        paymasterVerificationGasLimit,
        paymasterPostOpGasLimit: 0n,
      };
    },
    async getPaymasterData(request: PaymasterRequest) {
      const validUntil = (await now()) + validForSeconds;
      return signSponsorship({
        signer,
        paymasterAddress,
        chainId: request.chainId,
        validAfter: 0,
        validUntil,
        userOperation: {
          sender: request.sender,
          nonce: request.nonce,
          factory: request.factory,
          factoryData: request.factoryData,
          callData: request.callData,
          callGasLimit: request.callGasLimit ?? 0n,
          verificationGasLimit: request.verificationGasLimit ?? 0n,
          preVerificationGas: request.preVerificationGas ?? 0n,
          maxFeePerGas: request.maxFeePerGas ?? 0n,
          maxPriorityFeePerGas: request.maxPriorityFeePerGas ?? 0n,
          paymasterVerificationGasLimit: request.paymasterVerificationGasLimit ?? paymasterVerificationGasLimit,
          paymasterPostOpGasLimit: request.paymasterPostOpGasLimit ?? 0n,
        },
      });
    },
  };
}
