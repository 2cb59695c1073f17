// The smart-account address of a passkey, known at sign-up before any transaction: the
// account factory's CREATE2 prediction from the passkey's public key.
import type { Address } from "viem";
import type { PasskeyPublicKey } from "./passkeys.ts";

export type AccountAddressResolver = (passkey: PasskeyPublicKey) => Promise<Address>;
