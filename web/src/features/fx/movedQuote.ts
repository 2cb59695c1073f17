// A conversion refused because the price moved past the payer's signed maximum, or the quote's deadline
// passed (the router's MaxAmountInExceeded / QuoteExpired, as the relayer's simulation reports them): the
// cure is a fresh quote, so the UI says so and fetches one.
import { BaseError } from "viem";

export function isMovedQuote(error: unknown): boolean {
  return error instanceof BaseError && /QuoteExpired|MaxAmountInExceeded/.test(`${error.message} ${error.details}`);
}
