// The smart-account address of a passkey, known at sign-up before any transaction: the
// account factory's `getAddress(qx, qy, salt)` (read with the wallet module).
import type { Address, PublicClient } from "viem";
import { readPaykeyAccountAddress } from "@paykey/sdk/wallet";
import type { PasskeyPublicKey } from "./passkeys.ts";

export type AccountAddressResolver = (passkey: PasskeyPublicKey) => Promise<Address>;

export function factoryAccountAddress(client: PublicClient, factoryAddress: Address): AccountAddressResolver {
  return (passkey) => readPaykeyAccountAddress(client, { factoryAddress, publicKey: passkey, salt: 0n });
}
