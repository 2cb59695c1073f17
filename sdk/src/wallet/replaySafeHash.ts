// ERC-7739 (OpenZeppelin `ERC7739`): what a passkey actually signs for ERC-1271. The app's hash is nested in an
// EIP-712 struct under the account's own domain (name "PaykeyAccount", version "1", chain id, account address),
// so one passkey owning several accounts, or one account on several chains, never yields a replayable signature.
import {
  type Address,
  type Hex,
  type TypedData,
  type TypedDataDefinition,
  concatHex,
  encodeAbiParameters,
  hashDomain,
  hashMessage,
  keccak256,
  type SignableMessage,
  toHex,
  zeroHash,
} from "viem";
import { hashTypedData as hashNestedTypedData, wrapTypedDataSignature } from "viem/experimental/erc7739";
import { paykeyAccountDomain } from "./constants.ts";

export type AccountDomainParameters = { account: Address; chainId: number };

const personalSignTypehash = keccak256(toHex("PersonalSign(bytes prefixed)"));

/** The account's EIP-712 domain (what `eip712Domain()` returns). */
export function getPaykeyAccountDomain({ account, chainId }: AccountDomainParameters) {
  return { ...paykeyAccountDomain, chainId, verifyingContract: account } as const;
}

export type GetReplaySafeHashParameters = AccountDomainParameters & { hash: Hex };

/**
 * What the passkey signs so that `isValidSignature(hash, signature)` holds: ERC-7739's nested `PersonalSign`.
 * For a message, `hash` is its EIP-191 hash (`hashMessage`).
 */
export function getReplaySafeHash({ account, chainId, hash }: GetReplaySafeHashParameters): Hex {
  const domainSeparator = hashDomain({
    domain: { ...paykeyAccountDomain, chainId: BigInt(chainId), verifyingContract: account },
    types: {
      EIP712Domain: [
        { name: "name", type: "string" },
        { name: "version", type: "string" },
        { name: "chainId", type: "uint256" },
        { name: "verifyingContract", type: "address" },
      ],
    },
  });
  const structHash = keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }], [personalSignTypehash, hash]));
  return keccak256(concatHex(["0x1901", domainSeparator, structHash]));
}

/** The replay-safe hash of an EIP-191 message. */
export function getReplaySafeMessageHash(parameters: AccountDomainParameters & { message: SignableMessage }): Hex {
  return getReplaySafeHash({ ...parameters, hash: hashMessage(parameters.message) });
}

/** The replay-safe hash of typed data: ERC-7739's nested `TypedDataSign` under the app's domain. */
export function getReplaySafeTypedDataHash(
  parameters: AccountDomainParameters & { typedData: TypedDataDefinition<TypedData, string> },
): Hex {
  const { account, chainId, typedData } = parameters;
  return hashNestedTypedData({
    ...(typedData as TypedDataDefinition),
    verifierDomain: { ...getPaykeyAccountDomain({ account, chainId }), salt: zeroHash },
  } as Parameters<typeof hashNestedTypedData>[0]);
}

/** The ERC-1271 signature for typed data: the passkey signature plus ERC-7739's app domain and contents. */
export function wrapTypedDataPasskeySignature(parameters: {
  typedData: TypedDataDefinition<TypedData, string>;
  signature: Hex;
}): Hex {
  return wrapTypedDataSignature({
    ...(parameters.typedData as TypedDataDefinition),
    signature: parameters.signature,
  } as Parameters<typeof wrapTypedDataSignature>[0]);
}
