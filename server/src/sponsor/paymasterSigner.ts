// The paymaster signature (OpenZeppelin PaymasterSigner: EIP-712 `UserOperationRequest` under
// SponsorPaymaster's domain, the wallet module's getSponsorshipTypedData; its digest computed by
// sponsorshipHash.ts; paymasterData = validAfter (6 bytes) ‖ validUntil (6 bytes) ‖ ECDSA
// signature). At start the relayer checks that the paymaster really trusts its key.
//
// Every sponsored operation costs one secp256k1 signature: made by libsecp256k1 (compiled to
// WebAssembly, tiny-secp256k1), about 130 µs on this project's 2-core machine against 715 µs for
// the JavaScript curve viem signs with. Both follow RFC 6979, so the signatures are the same bytes,
// and the start-up check below proves it for the configured key.
import { signRecoverable } from "tiny-secp256k1";
import { bytesToHex, concat, hexToBytes, keccak256, pad, toHex, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { UserOperation } from "viem/account-abstraction";
import { sponsorPaymasterAbi } from "@paykey/sdk/contracts";
import { encodeSponsorPaymasterData } from "@paykey/sdk/wallet";
import { BaseError } from "../errors/base.ts";
import { sponsorshipDigest } from "./sponsorshipHash.ts";

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
  const secretKey = hexToBytes(parameters.privateKey);
  const signDigest = (hash: Hex): Hex => {
    const { signature, recoveryId } = signRecoverable(hexToBytes(hash), secretKey);
    return concat([bytesToHex(signature), toHex(27 + recoveryId, { size: 1 })]);
  };
  const probe = keccak256(toHex("paykey paymaster signer check"));
  if (signDigest(probe) !== (await signer.sign({ hash: probe }))) {
    throw new PaymasterSetupError("The secp256k1 signer disagrees with viem's on the paymaster key; refusing to sponsor.");
  }
  return {
    address: signer.address,
    paymaster,
    async sign(op, { validAfter, validUntil }) {
      const signature = signDigest(sponsorshipDigest(op, { paymaster, chainId, validAfter, validUntil }));
      return encodeSponsorPaymasterData({ validAfter, validUntil, signature });
    },
  };
}
