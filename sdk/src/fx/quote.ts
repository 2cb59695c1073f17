// Quote math of the FxRouter, in bigint, mirroring contracts/fx/FxPairs.sol `_amountIn` exactly (the
// contract tests prove the two agree): what a payer pays for an exact amount out at a feed answer plus
// the pair's spread, rounded up once. Plus the payer's signed maximum (the quote plus a slippage
// buffer), the spread's cost and the rate as "1 base = r numeraire". Integers only, never floats.

const bps = 10_000n;

/** What the router needs to price a conversion of one pair (its `pair(base)` plus the numeraire's decimals). */
export type FxPricing = {
  /** The feed answer: one base token is worth `rate / 10**rateDecimals` numeraire. */
  rate: bigint;
  rateDecimals: number;
  spreadBps: number;
  baseDecimals: number;
  numeraireDecimals: number;
};

export type AmountInForExactOutParameters = FxPricing & {
  amountOut: bigint;
  /** True when paying with the numeraire for the base token (e.g. USD → EUR). */
  buyingBase: boolean;
};

/** `⌈a / b⌉` for non-negative integers. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a - 1n) / b + 1n;
}

/**
 * What a payer pays for exactly `amountOut`, in the input token's base units, rounded up (FxPairs `_amountIn`).
 * Buying the base token: amountOut · rate · (1 + spread); selling it: amountOut / rate · (1 + spread).
 */
export function amountInForExactOut(parameters: AmountInForExactOutParameters): bigint {
  const { amountOut, rate, rateDecimals, spreadBps, baseDecimals, numeraireDecimals, buyingBase } = parameters;
  const scaledOut = amountOut * (bps + BigInt(spreadBps));
  const feedAndBase = 10n ** BigInt(rateDecimals + baseDecimals);
  const numeraireUnit = 10n ** BigInt(numeraireDecimals);
  return buyingBase
    ? ceilDiv(scaledOut * rate * numeraireUnit, feedAndBase * bps)
    : ceilDiv(scaledOut * feedAndBase, rate * numeraireUnit * bps);
}

/** The payer's signed maximum: `amountIn` plus `bufferBps`, rounded up (a feed move within it still settles). */
export function maxAmountInWithBuffer(amountIn: bigint, bufferBps: number): bigint {
  return ceilDiv(amountIn * (bps + BigInt(bufferBps)), bps);
}

/** What the spread costs the payer: the price with the spread minus the price at the bare feed rate. */
export function spreadCost(parameters: AmountInForExactOutParameters): bigint {
  return amountInForExactOut(parameters) - amountInForExactOut({ ...parameters, spreadBps: 0 });
}

export type FormatRateParameters = { rate: bigint; rateDecimals: number; locale: string; fractionDigits?: number };

/** The feed answer as a localized decimal, e.g. 108500000n at 8 decimals → "1.0850" (4 digits, rounded half up). */
export function formatRate({ rate, rateDecimals, locale, fractionDigits = 4 }: FormatRateParameters): string {
  const shift = BigInt(rateDecimals - fractionDigits);
  const scaled = shift >= 0n ? (rate + (shift > 0n ? 10n ** shift / 2n : 0n)) / 10n ** shift : rate * 10n ** -shift;
  const digits = scaled.toString().padStart(fractionDigits + 1, "0");
  const value = `${digits.slice(0, digits.length - fractionDigits)}.${digits.slice(digits.length - fractionDigits)}`;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(
    value as Intl.StringNumericLiteral,
  );
}

export type AmountOutForMaxInParameters = Omit<AmountInForExactOutParameters, "amountOut"> & {
  /** What the payer has to spend, in the input token's base units. */
  maxAmountIn: bigint;
  bufferBps: number;
};

/**
 * The most a payer can receive exactly while its signed maximum (the price plus `bufferBps`) stays within
 * `maxAmountIn`: e.g. converting back all of a refund. 0n when even one base unit is too dear.
 */
export function amountOutForMaxIn(parameters: AmountOutForMaxInParameters): bigint {
  const { maxAmountIn, bufferBps, ...pricing } = parameters;
  const fits = (amountOut: bigint) => maxAmountInWithBuffer(amountInForExactOut({ ...pricing, amountOut }), bufferBps) <= maxAmountIn;
  // The price is monotonic in amountOut: double up to a bound, then bisect to the largest that fits.
  let low = 0n;
  let high = 1n;
  while (fits(high)) {
    low = high;
    high *= 2n;
  }
  while (high - low > 1n) {
    const middle = (low + high) / 2n;
    if (fits(middle)) low = middle;
    else high = middle;
  }
  return low;
}
