// Cross-border settlement (FxRouter): quote math mirroring the contract, and the account calls of a
// conversion and of a payment in another stablecoin than the merchant's. Browser-safe: viem only.
export {
  type AmountInForExactOutParameters,
  type AmountOutForMaxInParameters,
  type FormatRateParameters,
  type FxPricing,
  amountInForExactOut,
  amountOutForMaxIn,
  ceilDiv,
  formatRate,
  maxAmountInWithBuffer,
  spreadCost,
} from "./quote.ts";
export {
  type BuildConversionCallsParameters,
  type BuildConversionCallsReturnType,
  type BuildCrossCurrencyPaymentCallsParameters,
  type BuildCrossCurrencyPaymentCallsReturnType,
  buildConversionCalls,
  buildCrossCurrencyPaymentCalls,
} from "./calls.ts";
