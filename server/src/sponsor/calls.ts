// The calls a user operation makes, read from the account's call data with the wallet
// module's decoder: an ERC-7821 single-batch `execute(mode, executionData)` (every PaykeyAccount
// operation), or else a direct call of one of the account's own functions (device management,
// recovery), which the allowlist then checks by selector. Anything else is not sponsored.
import { size, slice, toFunctionSelector, type Address, type Hex } from "viem";
import { decodeExecuteCalls } from "@paykey/sdk/wallet";
import { refuse } from "./refusal.ts";

export type AccountCall = { to: Address; value: bigint; data: Hex };

const executeSelector = toFunctionSelector("execute(bytes32,bytes)");

export function decodeAccountCalls(sender: Address, callData: Hex): AccountCall[] {
  if (size(callData) < 4) throw refuse("call_format_not_allowed", "The user operation makes no call to sponsor.");
  const selector = slice(callData, 0, 4);
  if (selector !== executeSelector) return [{ to: sender, value: 0n, data: callData }];
  try {
    return decodeExecuteCalls(callData).map((call) => ({ to: call.to, value: call.value ?? 0n, data: call.data ?? "0x" }));
  } catch {
    throw refuse("call_format_not_allowed", "Only ERC-7821 single-batch executions are sponsored.", { selector });
  }
}
