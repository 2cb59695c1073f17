// Device and recovery management, as calls the account makes to itself inside a passkey-signed operation
// (the account accepts them only from itself or the EntryPoint).
import { type Address, type Hex, encodeFunctionData } from "viem";
import { paykeyAccountAbi } from "../generated/contracts.ts";
import { defaultRecoveryDelay } from "./constants.ts";
import type { WalletCall } from "./encodeCalls.ts";
import { type PasskeyPublicKey, parsePasskeyPublicKey } from "./publicKey.ts";

/** Adds a passkey (a new device) to `account`. */
export function buildAddPasskeyCall({ account, publicKey }: { account: Address; publicKey: Hex | PasskeyPublicKey }): WalletCall {
  const { x, y } = parsePasskeyPublicKey(publicKey);
  return { to: account, data: encodeFunctionData({ abi: paykeyAccountAbi, functionName: "addPasskey", args: [x, y] }) };
}

/** Removes a passkey from `account` (the account refuses to remove its last one). */
export function buildRemovePasskeyCall({ account, publicKey }: { account: Address; publicKey: Hex | PasskeyPublicKey }): WalletCall {
  const { x } = parsePasskeyPublicKey(publicKey);
  return { to: account, data: encodeFunctionData({ abi: paykeyAccountAbi, functionName: "removePasskey", args: [x] }) };
}

/** Sets the recovery guardian (see `encodeGuardian`) and delay in seconds (48 h by default); `0x` clears it. */
export function buildSetGuardianCall({
  account,
  guardian,
  recoveryDelay = defaultRecoveryDelay,
}: { account: Address; guardian: Hex; recoveryDelay?: number | undefined }): WalletCall {
  return {
    to: account,
    data: encodeFunctionData({ abi: paykeyAccountAbi, functionName: "setGuardian", args: [guardian, recoveryDelay] }),
  };
}

/** Cancels the pending recovery (a device the user still holds refuses a guardian's proposal). */
export function buildCancelRecoveryCall({ account }: { account: Address }): WalletCall {
  return { to: account, data: encodeFunctionData({ abi: paykeyAccountAbi, functionName: "cancelRecovery" }) };
}
