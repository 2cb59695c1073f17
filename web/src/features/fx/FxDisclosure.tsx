// The conversion as a payer reads it before signing: "You pay at most 54.65 tUSDC · 1 EUR = 1.0850 USD ·
// spread 0.25% · fee 1%" — the most the router may take (the quote plus its buffer), the feed rate, the
// pair's spread and the merchant's fee (none when converting a refund back). Integers in, exact decimal
// strings out.
import { useTranslation } from "react-i18next";
import type { FxQuote } from "@paykey/sdk/api/fx";
import { formatRate } from "@paykey/sdk/fx";
import { formatBps, toDecimalString } from "@paykey/sdk/money";
import { fxNamespace } from "./i18n.ts";

export function FxDisclosure({ quote }: { quote: FxQuote }) {
  const { t, i18n } = useTranslation(fxNamespace);
  const locale = i18n.language;
  return (
    <p className="notice fx-disclosure" data-testid="fx-disclosure" data-max-amount-in={quote.maxAmountIn} data-rate={quote.rate.value}>
      {t(quote.fee ? "disclosure" : "disclosureNoFee", {
        max: `${toDecimalString(BigInt(quote.maxAmountIn), quote.tokenIn.decimals)} ${quote.tokenIn.symbol}`,
        base: quote.rate.base,
        rate: formatRate({ rate: BigInt(quote.rate.value), rateDecimals: quote.rate.decimals, locale }),
        quote: quote.rate.quote,
        spread: formatBps(quote.spread.bps, locale),
        fee: formatBps(quote.fee?.bps ?? 0, locale),
      })}
    </p>
  );
}
