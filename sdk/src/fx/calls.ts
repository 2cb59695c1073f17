// A conversion and a cross-currency payment as account calls, for one ERC-7821 batch (one user operation):
//
//   tokenIn.approve(router, maxAmountIn) → router.convertExactOut(tokenIn, settlementToken, amount,
//   maxAmountIn, deadline, paymentId) → settlementToken.approve(escrow, amount) → escrow.authorize|charge
//
// The batch is atomic: a refused conversion (quote expired, feed moved past the buffer, stale feed, pool
// short) reverts the payment with it, and a refused payment undoes the conversion. The router enforces
// the payer's maximum and deadline; the escrow is the same as for a same-currency payment. The router
// pulls only from its caller, so an allowance it leaves unused can be spent by nobody but the payer.
import { type Address, type Hex, encodeFunctionData, erc20Abi, zeroHash } from "viem";
import { iFxRouterAbi } from "../generated/contracts.ts";
import type { WalletCall } from "../wallet/encodeCalls.ts";
import { type BuildPaymentCallsParameters, buildPaymentCalls } from "../wallet/buildPaymentCalls.ts";

export type BuildConversionCallsParameters = {
  routerAddress: Address;
  tokenIn: Address;
  tokenOut: Address;
  /** Exactly what the payer receives, in `tokenOut` base units. */
  amountOut: bigint;
  /** The most the payer pays (the quote's `maxAmountIn`). */
  maxAmountIn: bigint;
  /** Unix seconds after which the router refuses (the quote's `expiresAt`). */
  deadline: number | bigint;
  /** Emitted with the conversion: the payment id it pays for (or the refunded payment it converts back), or zero. */
  ref?: Hex | undefined;
};
export type BuildConversionCallsReturnType = [approve: WalletCall, convert: WalletCall];

/** `tokenIn.approve(router, maxAmountIn)` then `router.convertExactOut(…)`. */
export function buildConversionCalls(parameters: BuildConversionCallsParameters): BuildConversionCallsReturnType {
  const { routerAddress, tokenIn, tokenOut, amountOut, maxAmountIn, deadline, ref = zeroHash } = parameters;
  return [
    { to: tokenIn, data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [routerAddress, maxAmountIn] }) },
    {
      to: routerAddress,
      data: encodeFunctionData({
        abi: iFxRouterAbi,
        functionName: "convertExactOut",
        args: [tokenIn, tokenOut, amountOut, maxAmountIn, BigInt(deadline), ref],
      }),
    },
  ];
}

export type BuildCrossCurrencyPaymentCallsParameters = BuildPaymentCallsParameters & {
  /** The payment id of `terms` (the checkout's), emitted with the conversion. */
  paymentId: Hex;
  conversion: { routerAddress: Address; tokenIn: Address; maxAmountIn: bigint; deadline: number | bigint };
};
export type BuildCrossCurrencyPaymentCallsReturnType = [...BuildConversionCallsReturnType, WalletCall, WalletCall];

/** The four calls of a payment in another token than the merchant's: convert exactly what the escrow pulls, then pay. */
export function buildCrossCurrencyPaymentCalls(
  parameters: BuildCrossCurrencyPaymentCallsParameters,
): BuildCrossCurrencyPaymentCallsReturnType {
  const { terms, paymentId, conversion } = parameters;
  const payment = buildPaymentCalls(parameters);
  // The escrow pulls exactly what the payment approves: the price, or the discounted price.
  const amountOut = parameters.payerAmount ?? terms.amount;
  return [
    ...buildConversionCalls({ ...conversion, tokenOut: terms.token, amountOut, ref: paymentId }),
    ...payment,
  ];
}
