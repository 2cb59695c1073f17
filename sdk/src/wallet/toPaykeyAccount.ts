// The Paykey account as a viem SmartAccount (ERC-4337 v0.8), so viem's bundler client can prepare, sign and
// send its operations, and so the relayer and tests can sign operations they submit to `handleOps` themselves.
// The owner is a viem WebAuthnAccount: `toWebAuthnAccount` with the browser's navigator.credentials.get, or a
// software authenticator in tests.
import type { Address, Hex, NonceManager, TypedData, TypedDataDefinition } from "viem";
import { encodeFunctionData } from "viem";
import { readContract } from "viem/actions";
import {
  type SmartAccount,
  type SmartAccountImplementation,
  type UserOperation,
  type WebAuthnAccount,
  getUserOperationHash,
  toSmartAccount,
} from "viem/account-abstraction";
import { entryPointAbi, paykeyAccountAbi, paykeyAccountFactoryAbi } from "../generated/contracts.ts";
import { canonicalEntryPointAddress } from "./constants.ts";
import { decodeExecuteCalls, encodeExecuteCalls } from "./encodeCalls.ts";
import { encodePasskeySignature } from "./encodeSignature.ts";
import { UnsupportedChainError } from "./errors.ts";
import { readPaykeyAccountAddress } from "./getAccountAddress.ts";
import { type PasskeyPublicKey, parsePasskeyPublicKey } from "./publicKey.ts";
import {
  getReplaySafeHash,
  getReplaySafeMessageHash,
  getReplaySafeTypedDataHash,
  wrapTypedDataPasskeySignature,
} from "./replaySafeHash.ts";
import { getStubPasskeySignature } from "./stubSignature.ts";

export type ToPaykeyAccountParameters = {
  /** Client of the chain the account lives on (must have a `chain`). */
  client: PaykeyAccountImplementation["client"];
  /** The passkey that signs on this device. */
  owner: WebAuthnAccount;
  /** The PaykeyAccountFactory. */
  factoryAddress: Address;
  /** The passkey the account was created with (address derivation and deployment); defaults to `owner`. */
  initialPublicKey?: Hex | PasskeyPublicKey | undefined;
  /** Salt of the account among those of its first passkey; 0 by default. */
  salt?: bigint | undefined;
  /** The account address when already known (skips the factory read). */
  address?: Address | undefined;
  /** The EntryPoint v0.8; the canonical address by default. */
  entryPointAddress?: Address | undefined;
  /** EntryPoint nonce key (at most 2^53 - 1 here); 0 by default: sequential operations, one warm nonce slot. */
  nonceKey?: bigint | undefined;
  /** Lower bound for `verificationGasLimit` in gas estimation (the stub signature cannot exercise P-256 fully). */
  minVerificationGasLimit?: bigint | undefined;
};

export type PaykeyAccountImplementation = SmartAccountImplementation<
  typeof entryPointAbi,
  "0.8",
  {
    abi: typeof paykeyAccountAbi;
    factory: { abi: typeof paykeyAccountFactoryAbi; address: Address };
    /** The signing passkey's coordinates. */
    passkey: PasskeyPublicKey;
  }
>;

export type ToPaykeyAccountReturnType = SmartAccount<PaykeyAccountImplementation>;

/**
 * Floor for `verificationGasLimit`. Measured here: passkey validation ≈ 23k gas with the P-256 precompile and
 * ≈ 265k with OpenZeppelin's Solidity fallback; deploying the account in the same phase adds ≈ 125k. The stub
 * signature fails the challenge check before any curve arithmetic, so an estimate made with it is too low.
 */
export const defaultMinVerificationGasLimit = 600_000n;

/** Creates the viem SmartAccount of a Paykey passkey wallet. */
export async function toPaykeyAccount(parameters: ToPaykeyAccountParameters): Promise<ToPaykeyAccountReturnType> {
  const { client, owner, factoryAddress, salt = 0n, nonceKey = 0n } = parameters;
  const chainId = client.chain?.id;
  if (chainId === undefined) throw new UnsupportedChainError();

  const passkey = parsePasskeyPublicKey(owner.publicKey);
  const initialPasskey = parsePasskeyPublicKey(parameters.initialPublicKey ?? owner.publicKey);
  const minVerificationGasLimit = parameters.minVerificationGasLimit ?? defaultMinVerificationGasLimit;
  const entryPoint = {
    abi: entryPointAbi,
    address: parameters.entryPointAddress ?? canonicalEntryPointAddress,
    version: "0.8",
  } as const;
  const factory = { abi: paykeyAccountFactoryAbi, address: factoryAddress } as const;

  let address = parameters.address;
  const getAddress = async (): Promise<Address> => {
    address ??= await readPaykeyAccountAddress(client, { factoryAddress, publicKey: initialPasskey, salt });
    return address;
  };

  const signHash = async (hash: Hex): Promise<Hex> => {
    const { signature, webauthn } = await owner.sign({ hash });
    return encodePasskeySignature({ publicKey: passkey, signature, webauthn });
  };

  return toSmartAccount({
    client,
    entryPoint,
    extend: { abi: paykeyAccountAbi, factory, passkey },
    // viem draws a fresh time-based nonce key per operation by default (parallel operations, but a new
    // EntryPoint nonce slot — ~20k gas — every time). Payments are sequential: one key, one warm slot.
    nonceKeyManager: fixedNonceKey(nonceKey),

    getAddress,

    async encodeCalls(calls) {
      return encodeExecuteCalls(calls);
    },

    async decodeCalls(data) {
      return decodeExecuteCalls(data);
    },

    async getFactoryArgs() {
      const factoryData = encodeFunctionData({
        abi: paykeyAccountFactoryAbi,
        functionName: "createAccount",
        args: [initialPasskey.x, initialPasskey.y, salt],
      });
      return { factory: factoryAddress, factoryData };
    },

    async getNonce(nonceParameters) {
      return readContract(client, {
        ...entryPoint,
        functionName: "getNonce",
        args: [await getAddress(), nonceParameters?.key ?? nonceKey],
      });
    },

    async getStubSignature() {
      return getStubPasskeySignature(passkey);
    },

    async sign({ hash }) {
      return signHash(getReplaySafeHash({ account: await getAddress(), chainId, hash }));
    },

    async signMessage({ message }) {
      return signHash(getReplaySafeMessageHash({ account: await getAddress(), chainId, message }));
    },

    async signTypedData(typedData) {
      const definition = typedData as unknown as TypedDataDefinition<TypedData, string>;
      const hash = getReplaySafeTypedDataHash({ account: await getAddress(), chainId, typedData: definition });
      return wrapTypedDataPasskeySignature({ typedData: definition, signature: await signHash(hash) });
    },

    async signUserOperation(userOperationParameters) {
      const { chainId: operationChainId = chainId, ...userOperation } = userOperationParameters;
      const hash = getUserOperationHash({
        chainId: operationChainId,
        entryPointAddress: entryPoint.address,
        entryPointVersion: "0.8",
        userOperation: { ...(userOperation as UserOperation<"0.8">), sender: await getAddress() },
      });
      return signHash(hash);
    },

    userOperation: {
      async estimateGas(userOperation) {
        const estimated = userOperation.verificationGasLimit ?? 0n;
        return { verificationGasLimit: estimated > minVerificationGasLimit ? estimated : minVerificationGasLimit };
      },
    },
  });
}

/** A NonceManager that always hands out the same EntryPoint nonce key. */
function fixedNonceKey(key: bigint): NonceManager {
  const value = Number(key);
  return {
    consume: async () => value,
    increment: () => {},
    get: async () => value,
    reset: () => {},
  };
}
