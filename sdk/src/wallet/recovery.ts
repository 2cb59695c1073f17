// Guardian recovery: the guardian is ERC-7913 signer bytes (an address, or verifier || passkey) and signs an
// EIP-712 `RecoveryProposal(bytes32 qx,bytes32 qy,uint64 recoveryNonce)` under the account's domain.
import { type Address, type Hex, type TypedDataDefinition, concatHex, encodeFunctionData } from "viem";
import type { WebAuthnAccount } from "viem/account-abstraction";
import { paykeyAccountAbi } from "../generated/contracts.ts";
import type { WalletCall } from "./encodeCalls.ts";
import { encodeWebAuthnAuth } from "./encodeSignature.ts";
import { type PasskeyPublicKey, parsePasskeyPublicKey } from "./publicKey.ts";
import { getPaykeyAccountDomain } from "./replaySafeHash.ts";

/** A guardian: an address (EOA or ERC-1271 contract), or a passkey checked by an ERC-7913 WebAuthn verifier. */
export type Guardian =
  | { type: "address"; address: Address }
  | { type: "passkey"; verifier: Address; publicKey: Hex | PasskeyPublicKey };

/** The guardian bytes the account stores: 20-byte address, or `verifier || qx || qy`. */
export function encodeGuardian(guardian: Guardian): Hex {
  if (guardian.type === "address") return guardian.address;
  const { x, y } = parsePasskeyPublicKey(guardian.publicKey);
  return concatHex([guardian.verifier, x, y]);
}

const recoveryProposalTypes = {
  RecoveryProposal: [
    { name: "qx", type: "bytes32" },
    { name: "qy", type: "bytes32" },
    { name: "recoveryNonce", type: "uint64" },
  ],
} as const;

export type GetRecoveryProposalTypedDataParameters = {
  account: Address;
  chainId: number;
  /** The new passkey the guardian proposes. */
  publicKey: Hex | PasskeyPublicKey;
  /** The account's current recovery nonce (`pendingRecovery()`'s last value). */
  recoveryNonce: bigint;
};

/** The typed data the guardian signs (an EOA guardian: `signTypedData`; its hash is `recoveryDigest(qx, qy)`). */
export function getRecoveryProposalTypedData(
  parameters: GetRecoveryProposalTypedDataParameters,
): TypedDataDefinition<typeof recoveryProposalTypes, "RecoveryProposal"> {
  const { x, y } = parsePasskeyPublicKey(parameters.publicKey);
  return {
    domain: getPaykeyAccountDomain(parameters),
    types: recoveryProposalTypes,
    primaryType: "RecoveryProposal",
    message: { qx: x, qy: y, recoveryNonce: parameters.recoveryNonce },
  };
}

/** A passkey guardian's signature over a recovery digest: the flat WebAuthn encoding the ERC-7913 verifier reads. */
export async function signRecoveryWithPasskey({ guardian, digest }: { guardian: WebAuthnAccount; digest: Hex }): Promise<Hex> {
  const { signature, webauthn } = await guardian.sign({ hash: digest });
  return encodeWebAuthnAuth({ signature, webauthn });
}

/** The account call that proposes `publicKey` with the guardian's signature (anyone may send it). */
export function buildProposeRecoveryCall({
  account,
  publicKey,
  guardianSignature,
}: { account: Address; publicKey: Hex | PasskeyPublicKey; guardianSignature: Hex }): WalletCall {
  const { x, y } = parsePasskeyPublicKey(publicKey);
  return {
    to: account,
    data: encodeFunctionData({ abi: paykeyAccountAbi, functionName: "proposeRecovery", args: [x, y, guardianSignature] }),
  };
}
