// After a refund (or a void or reclaim) of a payment the payer made in another stablecoin, the wallet offers
// to convert the money returned back into what the payer paid with, in one tap and with the same disclosure:
// the most the payer can receive exactly while the signed maximum (quote plus buffer) stays within what came
// back. The conversion carries the payment id as its reference, so the receipt shows it next to the payment.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Address } from "viem";
import { useErrorText } from "../../app/errors.ts";
import { api } from "../../api/http.ts";
import type { Payment } from "@paykey/sdk/api";
import type { FxConversionList, FxQuote } from "@paykey/sdk/api/fx";
import { amountOutForMaxIn, buildConversionCalls } from "@paykey/sdk/fx";
import { toDecimalString } from "@paykey/sdk/money";
import { useSendOperation } from "../operations/useSendOperation.ts";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { useBalances } from "../wallet/useBalances.ts";
import { isMovedQuote } from "./movedQuote.ts";
import { FxDisclosure } from "./FxDisclosure.tsx";
import { fxNamespace } from "./i18n.ts";

/** What the merchant sent back to the payer: refunds, and an uncaptured remainder voided or reclaimed. */
function returnedOf(payment: Payment): bigint {
  const released = payment.status === "voided" || payment.status === "reclaimed" ? BigInt(payment.authorized) - BigInt(payment.captured) : 0n;
  return BigInt(payment.refunded) + released;
}

export default function ConvertBackOffers({ address }: { address: Address }) {
  const payments = useQuery({
    queryKey: ["me", "payments"],
    queryFn: async () => (await api.get<{ payments: Payment[] }>("/api/me/payments")).payments,
    refetchInterval: 5_000,
  });
  const returned = (payments.data ?? []).filter((payment) => payment.terms && returnedOf(payment) > 0n).slice(0, 5);
  return (
    <>
      {returned.map((payment) => (
        <Offer key={payment.paymentId} payment={payment} address={address} />
      ))}
    </>
  );
}

function Offer({ payment, address }: { payment: Payment; address: Address }) {
  const conversions = useQuery({
    queryKey: ["conversions", payment.paymentId],
    queryFn: () => api.get<FxConversionList>(`/api/payments/${payment.paymentId}/conversions`),
  });
  const settlement = payment.terms!.token.toLowerCase();
  const list = conversions.data?.conversions ?? [];
  const paidWith = list.find((conversion) => conversion.tokenOut.address.toLowerCase() === settlement);
  const convertedBack = list.some((conversion) => conversion.tokenIn.address.toLowerCase() === settlement);
  if (!paidWith || convertedBack) return null;
  return <OfferCard payment={payment} address={address} tokenIn={paidWith.tokenOut} tokenOut={paidWith.tokenIn} />;
}

type Token = FxConversionList["conversions"][number]["tokenIn"];

function OfferCard({ payment, address, tokenIn, tokenOut }: { payment: Payment; address: Address; tokenIn: Token; tokenOut: Token }) {
  const { t } = useTranslation(fxNamespace);
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const operation = useSendOperation();
  const { balances } = useBalances(address);
  const held = balances.find((token) => token.address.toLowerCase() === tokenIn.address.toLowerCase())?.balance;
  const returned = returnedOf(payment);
  const budget = held === undefined ? undefined : held < returned ? held : returned;

  const quote = useQuery({
    queryKey: ["fx-back", payment.paymentId, budget?.toString()],
    enabled: budget !== undefined && budget > 0n,
    refetchInterval: 20_000,
    queryFn: async () => {
      const path = (amountOut: bigint) => `/api/fx/quote?tokenIn=${tokenIn.address}&tokenOut=${tokenOut.address}&amountOut=${amountOut}`;
      // The rate first (any amount prices it), then the quote for the most the budget buys.
      const probe = (await api.get<{ quote: FxQuote }>(path(10n ** BigInt(tokenOut.decimals)))).quote;
      const amountOut = amountOutForMaxIn({
        maxAmountIn: budget!,
        bufferBps: probe.bufferBps,
        rate: BigInt(probe.rate.value),
        rateDecimals: probe.rate.decimals,
        spreadBps: probe.spread.bps,
        baseDecimals: probe.rate.base === tokenIn.currency ? tokenIn.decimals : tokenOut.decimals,
        numeraireDecimals: probe.rate.quote === tokenIn.currency ? tokenIn.decimals : tokenOut.decimals,
        buyingBase: probe.rate.quote === tokenIn.currency,
      });
      return amountOut > 0n ? (await api.get<{ quote: FxQuote }>(path(amountOut))).quote : undefined;
    },
  });
  const convert = useMutation({
    mutationFn: async (data: FxQuote) => {
      operation.reset();
      const maxAmountIn = BigInt(data.maxAmountIn) < budget! ? BigInt(data.maxAmountIn) : budget!;
      return operation.send(
        buildConversionCalls({
          routerAddress: data.router,
          tokenIn: tokenIn.address,
          tokenOut: tokenOut.address,
          amountOut: BigInt(data.amountOut),
          maxAmountIn,
          deadline: data.expiresAt,
          ref: payment.paymentId,
        }),
      );
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["conversions", payment.paymentId] });
      void queryClient.invalidateQueries({ queryKey: ["balances"] });
    },
    onError: (error) => {
      if (isMovedQuote(error)) void quote.refetch();
    },
  });
  const amount = (value: bigint | string, token: Token) => `${toDecimalString(BigInt(value), token.decimals)} ${token.symbol}`;
  if (!quote.data) return null;
  const data = quote.data;

  return (
    <section className="card" data-testid="convert-back" data-payment-id={payment.paymentId}>
      <h2>{t("back.title")}</h2>
      <p>{t("back.explain", { merchant: payment.store?.name ?? "", amount: amount(returned, tokenIn), symbol: tokenOut.symbol })}</p>
      <FxDisclosure quote={data} />
      {convert.isSuccess ? (
        <p className="notice" data-testid="convert-back-done">{t("back.done", { amount: amount(data.amountOut, tokenOut) })}</p>
      ) : (
        <button type="button" className="primary" data-testid="convert-back-button" disabled={convert.isPending || quote.isFetching} onClick={() => convert.mutate(data)}>
          {convert.isPending ? t("back.converting") : t("back.button", { amount: amount(data.amountOut, tokenOut) })}
        </button>
      )}
      {convert.isPending || convert.error ? <OperationProgress /> : null}
      {convert.error ? (
        <p className="error" role="alert">
          {isMovedQuote(convert.error) ? t("moved") : errorText(convert.error)}
        </p>
      ) : null}
    </section>
  );
}
