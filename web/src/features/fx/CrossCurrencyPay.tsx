// Paying a request in another stablecoin than the merchant's: the relayer's quote for exactly the invoice,
// disclosed before the passkey prompt — "you pay at most X · 1 EUR = r USD · spread s% · fee f%" — then one
// operation converting and paying (@paykey/sdk/fx). The quote is refreshed while the page is open; a payment
// refused because the rate moved past the maximum or the quote expired says so and fetches a new quote.
// Loaded only when the payer picks a foreign stablecoin (its own chunk, outside the checkout's budget).
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useErrorText } from "../../app/errors.ts";
import { api } from "../../api/http.ts";
import type { PaymentRequest } from "@paykey/sdk/api";
import type { FxQuote } from "@paykey/sdk/api/fx";
import { termsFromJson } from "@paykey/sdk/commerce";
import { buildCrossCurrencyPaymentCalls } from "@paykey/sdk/fx";
import { formatMoney } from "@paykey/sdk/money";
import { useAppConfig } from "../../app/ConfigContext.tsx";
import { PayButton, type PaidPayment } from "../checkout/PayButton.tsx";
import { FaucetButton } from "../wallet/FaucetButton.tsx";
import { FxDisclosure } from "./FxDisclosure.tsx";
import { fxNamespace } from "./i18n.ts";
import { isMovedQuote } from "./movedQuote.ts";

type TokenIn = { address: `0x${string}`; symbol: string; currency: string; decimals: number };

export default function CrossCurrencyPay({
  request,
  tokenIn,
  balance,
  onPaid,
}: {
  request: PaymentRequest;
  tokenIn: TokenIn;
  balance: bigint | undefined;
  onPaid: (paid: PaidPayment) => void;
}) {
  const { t, i18n } = useTranslation();
  const { t: tx } = useTranslation(fxNamespace);
  const config = useAppConfig();
  const errorText = useErrorText();
  const quote = useQuery({
    queryKey: ["fx-quote", request.id, tokenIn.address],
    queryFn: async () => (await api.get<{ quote: FxQuote }>(`/api/fx/quote?requestId=${encodeURIComponent(request.id)}&tokenIn=${tokenIn.address}`)).quote,
    // Well within the quote's lifetime, so the disclosure is never of an expired quote.
    refetchInterval: 20_000,
  });
  if (quote.isLoading) return <p className="muted">{tx("quoting")}</p>;
  if (!quote.data) return <p className="error" role="alert" data-testid="fx-error">{errorText(quote.error)}</p>;

  const data = quote.data;
  const maxAmountIn = BigInt(data.maxAmountIn);
  const short = balance !== undefined && balance < maxAmountIn;
  const money = (value: bigint | string) => formatMoney({ amount: value, decimals: request.decimals, currency: request.currency, locale: i18n.language });
  return (
    <>
      <FxDisclosure quote={data} />
      <p className="muted small">{tx("explain", { amount: money(data.amountOut) })}</p>
      {short ? (
        <div className="notice" data-testid="insufficient">
          <p>{t("checkout.insufficient", { missing: formatMoney({ amount: maxAmountIn - balance, decimals: tokenIn.decimals, currency: tokenIn.currency, locale: i18n.language }) })}</p>
          <FaucetButton />
        </div>
      ) : null}
      <PayButton
        request={request}
        label={t("checkout.pay", { amount: money(request.amount) })}
        disabled={short || balance === undefined || quote.isFetching}
        buildCalls={(checkout) =>
          buildCrossCurrencyPaymentCalls({
            escrowAddress: config.contracts.paymentEscrow,
            terms: termsFromJson(checkout.terms),
            paymentId: checkout.paymentId,
            conversion: { routerAddress: data.router, tokenIn: tokenIn.address, maxAmountIn, deadline: data.expiresAt },
          })
        }
        onPaid={onPaid}
        describeError={(error) => (isMovedQuote(error) ? tx("moved") : undefined)}
        onError={(error) => {
          if (isMovedQuote(error)) void quote.refetch();
        }}
      />
    </>
  );
}
