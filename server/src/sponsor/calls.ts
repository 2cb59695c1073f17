// The calls a user operation makes, read from the account's call data: an ERC-7821 batch
// `execute(mode, executionData)` (PaykeyAccount), or a direct call of one of the account's
// own functions (device management, recovery). The eth-infinitism SimpleAccount's
// `execute` / `executeBatch` are read as well (the relayer's tests use it until PaykeyAccount
// lands). Anything else cannot be checked, so it is not sponsored.
import { decodeAbiParameters, decodeFunctionData, parseAbi, size, slice, type Address, type Hex } from "viem";
import { refuse } from "./refusal.ts";

export type AccountCall = { to: Address; value: bigint; data: Hex };

const accountAbi = parseAbi([
  "function execute(bytes32 mode, bytes executionData)",
  "function execute(address target, uint256 value, bytes data)",
  "function executeBatch((address target, uint256 value, bytes data)[] calls)",
]);

/** ERC-7821 single batch mode, the only one OpenZeppelin's ERC7821 supports. */
export const batchExecutionMode = "0x0100000000000000000000000000000000000000000000000000000000000000";

const executionsType = [
  {
    type: "tuple[]",
    components: [
      { name: "target", type: "address" },
      { name: "value", type: "uint256" },
      { name: "callData", type: "bytes" },
    ],
  },
] as const;

export function decodeAccountCalls(sender: Address, callData: Hex): AccountCall[] {
  if (size(callData) < 4) {
    throw refuse("call_format_not_allowed", "The user operation makes no call to sponsor.");
  }
  let decoded: ReturnType<typeof decodeFunctionData<typeof accountAbi>>;
  try {
    decoded = decodeFunctionData({ abi: accountAbi, data: callData });
  } catch {
    // Not an execute call: the account calls one of its own functions (checked by the allowlist).
    return [{ to: sender, value: 0n, data: callData }];
  }
  try {
    if (decoded.functionName === "executeBatch") {
      return decoded.args[0].map((call) => ({ to: call.target, value: call.value, data: call.data }));
    }
    if (decoded.args.length === 3) {
      const [to, value, data] = decoded.args;
      return [{ to, value, data }];
    }
    const [mode, executionData] = decoded.args;
    if (mode.toLowerCase() !== batchExecutionMode) {
      throw refuse("call_format_not_allowed", "Only ERC-7821 single batch mode is sponsored.", { mode });
    }
    const [executions] = decodeAbiParameters(executionsType, executionData);
    return executions.map((call) => ({ to: call.target, value: call.value, data: call.callData }));
  } catch (error) {
    if (error instanceof Error && error.name === "SponsorshipRefusedError") throw error;
    throw refuse("call_format_not_allowed", "The account call data cannot be read.", { selector: slice(callData, 0, 4) });
  }
}
