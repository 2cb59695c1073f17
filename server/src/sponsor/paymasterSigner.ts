// The paymaster signature, made with the wallet module's `signSponsorship` (OpenZeppelin
// PaymasterSigner: EIP-712 `UserOperationRequest` under SponsorPaymaster's domain;
// paymasterData = validAfter (6 bytes) ‖ validUntil (6 bytes) ‖ ECDSA signature). At start the
// relayer checks that the paymaster really trusts its key.
import { concat, pad, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { UserOperation } from "viem/account-abstraction";
import { sponsorPaymasterAbi } from "@paykey/sdk/contracts";
import { encodeSponsorPaymasterData, signSponsorship } from "@paykey/sdk/wallet";
import { BaseError } from "../errors/base.ts";

/** A well-formed signature that recovers to no one: the stub costs what a real one costs. */
const stubSignature: Hex = concat([pad("0x11", { size: 32, dir: "right" }), pad("0x01", { size: 32 }), "0x1b"]);

export function stubPaymasterData(validUntil: number): Hex {
  return encodeSponsorPaymasterData({ validAfter: 0, validUntil, signature: stubSignature });
}

export type PaymasterSigner = {
  readonly address: Address;
  readonly paymaster: Address;
  sign(op: UserOperation<"0.8">, validity: { validAfter: number; validUntil: number }): Promise<Hex>;
};

export class PaymasterSetupError extends BaseError {
  constructor(shortMessage: string, parameters: { cause?: unknown; details?: string } = {}) {
    super(shortMessage, { ...parameters, name: "PaymasterSetupError" });
  }
}

export async function createPaymasterSigner(parameters: {
  client: PublicClient;
  paymaster: Address;
  privateKey: Hex;
  chainId: number;
}): Promise<PaymasterSigner> {
  const { client, paymaster, chainId } = parameters;
  const signer = privateKeyToAccount(parameters.privateKey);
  let trusted: Address;
  try {
    trusted = await client.readContract({ address: paymaster, abi: sponsorPaymasterAbi, functionName: "signer" });
  } catch (cause) {
    throw new PaymasterSetupError(`The paymaster at ${paymaster} does not answer signer(); is it deployed?`, { cause });
  }
  if (trusted.toLowerCase() !== signer.address.toLowerCase()) {
    throw new PaymasterSetupError(`PAYMASTER_SIGNER_PRIVATE_KEY is for ${signer.address}, but the paymaster at ${paymaster} trusts ${trusted}.`);
  }
  return {
    address: signer.address,
    paymaster,
    async sign(op, { validAfter, validUntil }) {
      const sponsorship = await signSponsorship({
        signer,
        paymasterAddress: paymaster,
        chainId,
        userOperation: { ...op, paymasterVerificationGasLimit: op.paymasterVerificationGasLimit ?? 0n },
        validAfter,
        validUntil,
      });
      return sponsorship.paymasterData;
    },
  };
}
