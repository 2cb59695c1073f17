// The account address before it exists: a CREATE2 ERC-1167 clone of the factory's implementation, salted
// with keccak256(abi.encode(qx, qy, salt)). Computable offline (no RPC) or read from the factory.
import {
  type Address,
  type Client,
  type Hex,
  concatHex,
  encodeAbiParameters,
  getContractAddress,
  keccak256,
} from "viem";
import { readContract } from "viem/actions";
import { paykeyAccountFactoryAbi } from "../generated/contracts.ts";
import { type PasskeyPublicKey, parsePasskeyPublicKey } from "./publicKey.ts";

export type GetPaykeyAccountAddressParameters = {
  /** The PaykeyAccountFactory. */
  factoryAddress: Address;
  /** The account's first passkey (the one it was created with). */
  publicKey: Hex | PasskeyPublicKey;
  /** Distinguishes several accounts of one passkey; 0 by default. */
  salt?: bigint | undefined;
  /** The factory's `accountImplementation()`; defaults to the contract the factory created first (its nonce 1). */
  implementationAddress?: Address | undefined;
};
export type GetPaykeyAccountAddressReturnType = Address;

/** The address the factory deploys the account to, computed offline. */
export function getPaykeyAccountAddress(parameters: GetPaykeyAccountAddressParameters): GetPaykeyAccountAddressReturnType {
  const { factoryAddress, salt = 0n } = parameters;
  const implementation = parameters.implementationAddress ?? getPaykeyAccountImplementationAddress(factoryAddress);
  return getContractAddress({
    opcode: "CREATE2",
    from: factoryAddress,
    salt: getAccountCloneSalt(parameters.publicKey, salt),
    bytecode: erc1167CreationCode(implementation),
  });
}

/** The implementation a PaykeyAccountFactory deploys in its constructor (its first CREATE, nonce 1). */
export function getPaykeyAccountImplementationAddress(factoryAddress: Address): Address {
  return getContractAddress({ opcode: "CREATE", from: factoryAddress, nonce: 1n });
}

export type ReadPaykeyAccountAddressParameters = Omit<GetPaykeyAccountAddressParameters, "implementationAddress">;

/** The account address as the factory computes it (one `eth_call`). */
export async function readPaykeyAccountAddress(
  client: Client,
  { factoryAddress, publicKey, salt = 0n }: ReadPaykeyAccountAddressParameters,
): Promise<Address> {
  const { x, y } = parsePasskeyPublicKey(publicKey);
  return readContract(client, {
    address: factoryAddress,
    abi: paykeyAccountFactoryAbi,
    functionName: "getAddress",
    args: [x, y, salt],
  });
}

/** keccak256(abi.encode(qx, qy, salt)), the CREATE2 salt the factory uses. */
export function getAccountCloneSalt(publicKey: Hex | PasskeyPublicKey, salt: bigint): Hex {
  const { x, y } = parsePasskeyPublicKey(publicKey);
  return keccak256(
    encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }], [x, y, salt]),
  );
}

// EIP-1167 minimal proxy creation code, as OpenZeppelin's Clones deploys it.
function erc1167CreationCode(implementation: Address): Hex {
  return concatHex([
    "0x3d602d80600a3d3981f3363d3d373d3d3d363d73",
    implementation,
    "0x5af43d82803e903d91602b57fd5bf3",
  ]);
}
