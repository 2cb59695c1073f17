// The merchant's escrow operations as account calls, built in the browser from the payment's terms (the
// relayer never acts for the merchant): capture, void, and refund (which first approves the escrow to pull
// the refunded amount back from the merchant's payout account).
import { type Address, encodeFunctionData, erc20Abi } from "viem";
import type { Call } from "../../connector/sponsoredOperations.ts";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import type { PaymentTerms } from "@paykey/sdk/wallet";

export function buildCaptureCalls({ escrow, terms, amount }: { escrow: Address; terms: PaymentTerms; amount: bigint }): Call[] {
  return [{ to: escrow, data: encodeFunctionData({ abi: iPaymentEscrowAbi, functionName: "capture", args: [terms, amount] }) }];
}

export function buildVoidCalls({ escrow, terms }: { escrow: Address; terms: PaymentTerms }): Call[] {
  return [{ to: escrow, data: encodeFunctionData({ abi: iPaymentEscrowAbi, functionName: "void", args: [terms] }) }];
}

export function buildRefundCalls({ escrow, terms, amount }: { escrow: Address; terms: PaymentTerms; amount: bigint }): Call[] {
  return [
    { to: terms.token, data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [escrow, amount] }) },
    { to: escrow, data: encodeFunctionData({ abi: iPaymentEscrowAbi, functionName: "refund", args: [terms, amount] }) },
  ];
}
