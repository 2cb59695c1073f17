// Small call builders shared by the wallet tests.
import { type Address, encodeFunctionData, erc20Abi } from "viem";
import type { WalletCall } from "@paykey/sdk/wallet";

/** `token.transfer(to, amount)` as an account call. */
export function tokenTransferCall(token: Address, to: Address, amount: bigint): WalletCall {
  return { to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] }) };
}
