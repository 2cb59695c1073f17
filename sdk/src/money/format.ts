// Money in the UI: amounts stay bigint base units end to end; only the display string is decimal. Intl formats
// the exact decimal string (never a float), so 12340000 base units at 6 decimals is "$12.34" / "US$12.34".
import { BaseError } from "viem";

/** `12340000n, 6` → `"12.34"` (exact; trailing zeros dropped, at least `minFraction` decimals). */
export function toDecimalString(amount: bigint, decimals: number, minFraction = 2): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  let fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  if (fraction.length < minFraction) fraction = fraction.padEnd(Math.min(minFraction, decimals), "0");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export type FormatMoneyParameters = { amount: bigint | string; decimals: number; currency: string; locale: string };

/** A localized money string from base units, e.g. `formatMoney({ amount: 12340000n, decimals: 6, currency: "USD", locale: "zh-CN" })` → "US$12.34". */
export function formatMoney({ amount, decimals, currency, locale }: FormatMoneyParameters): string {
  const value = toDecimalString(BigInt(amount), decimals);
  const fraction = value.split(".")[1]?.length ?? 0;
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: Math.max(2, Math.min(fraction, decimals)),
    maximumFractionDigits: decimals,
  }).format(value as Intl.StringNumericLiteral);
}

export type InvalidAmountErrorType = InvalidAmountError;

/** A typed amount that is not a positive decimal with at most the token's decimals. */
export class InvalidAmountError extends BaseError {
  override name = "InvalidAmountError";
  constructor(input: string, decimals: number) {
    super(`Enter an amount like 12.34 (at most ${decimals} decimals).`, { details: `got "${input}"` });
  }
}

/** `"12.34", 6` → `12340000n`; accepts "12", "12.", ".5", "1,234.5" (thousands commas). */
export function parseMoney(input: string, decimals: number): bigint {
  const cleaned = input.trim().replace(/,/g, "");
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || cleaned === "" || cleaned === ".") throw new InvalidAmountError(input, decimals);
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > decimals) throw new InvalidAmountError(input, decimals);
  return BigInt(whole || "0") * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/** A fee in basis points of `amount`, rounded down as the escrow does (`amount * bps / 10000`). */
export function feeOf(amount: bigint, feeBps: number): bigint {
  return (amount * BigInt(feeBps)) / 10_000n;
}

/** Basis points as a localized percentage: 100 → "1%" / "1.25%". */
export function formatBps(feeBps: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(
    toDecimalString(BigInt(feeBps), 4, 0) as Intl.StringNumericLiteral,
  );
}
