// The conversions a receipt's payment went through — the one that paid it and any that converted its refund
// back — each with what was paid and received, the rate, the spread, the feed round and the on-chain proof
// (transaction, position, user operation), checked against the chain in the browser (verifyConversion.ts).
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Address, Hex } from "viem";
import { useClient } from "wagmi";
import { api } from "../../api/http.ts";
import type { FxConversion, FxConversionList } from "@paykey/sdk/api/fx";
import { formatRate } from "@paykey/sdk/fx";
import { formatBps, toDecimalString } from "@paykey/sdk/money";
import { fxNamespace } from "./i18n.ts";
import { verifyConversion } from "./verifyConversion.ts";

export default function ConversionReceipt({ paymentId, settlementToken }: { paymentId: Hex; settlementToken: Address | undefined }) {
  const { t } = useTranslation(fxNamespace);
  const list = useQuery({
    queryKey: ["conversions", paymentId],
    queryFn: () => api.get<FxConversionList>(`/api/payments/${paymentId}/conversions`),
    refetchInterval: 3_000,
  });
  if (!list.data?.router || list.data.conversions.length === 0) return null;
  const router = list.data.router;
  return (
    <section className="card" data-testid="conversions">
      <h2>{t("receipt.title")}</h2>
      {list.data.conversions.map((conversion) => (
        <Conversion
          key={`${conversion.transactionHash}-${conversion.logIndex}`}
          router={router}
          conversion={conversion}
          back={settlementToken !== undefined && conversion.tokenIn.address.toLowerCase() === settlementToken.toLowerCase()}
        />
      ))}
    </section>
  );
}

function Conversion({ router, conversion, back }: { router: Address; conversion: FxConversion; back: boolean }) {
  const { t, i18n } = useTranslation(fxNamespace);
  const client = useClient();
  const check = useQuery({
    queryKey: ["conversion-check", conversion.transactionHash, conversion.logIndex],
    queryFn: () => verifyConversion(client!, router, conversion),
    enabled: Boolean(client),
  });
  const state = !check.data ? "checking" : check.data.event && check.data.feedRound ? "verified" : "mismatch";
  const amount = (value: string, token: FxConversion["tokenIn"]) => `${toDecimalString(BigInt(value), token.decimals)} ${token.symbol}`;
  return (
    <div className="conversion" data-testid="conversion" data-direction={back ? "back" : "pay"}>
      {back ? <h3>{t("receipt.back")}</h3> : null}
      <div className={`verification verification-${state}`} data-testid="conversion-verification" data-state={state} role={state === "mismatch" ? "alert" : undefined}>
        <strong>{t(`receipt.${state}`)}</strong>
      </div>
      <dl className="facts">
        <dt>{t("receipt.paid")}</dt>
        <dd data-testid="conversion-paid">{amount(conversion.amountIn, conversion.tokenIn)}</dd>
        <dt>{t("receipt.rate")}</dt>
        <dd data-testid="conversion-rate">
          {t("receipt.rateValue", {
            base: conversion.rate.base,
            quote: conversion.rate.quote,
            rate: formatRate({ rate: BigInt(conversion.rate.value), rateDecimals: conversion.rate.decimals, locale: i18n.language }),
          })}
        </dd>
        <dt>{t("receipt.spread")}</dt>
        <dd data-testid="conversion-spread">{formatBps(conversion.spreadBps, i18n.language)}</dd>
        <dt>{t("receipt.received")}</dt>
        <dd data-testid="conversion-received">{amount(conversion.amountOut, conversion.tokenOut)}</dd>
        <dt>{t("receipt.feedRound")}</dt>
        <dd data-testid="conversion-round">{conversion.feedRoundId}</dd>
        <dt>{t("receipt.transaction")}</dt>
        <dd className="hash">
          <code data-testid="conversion-tx">{conversion.transactionHash}</code>
          <span className="muted small"> {t("receipt.position", { block: conversion.blockNumber, log: conversion.logIndex })}</span>
        </dd>
        {conversion.userOpHash ? (
          <>
            <dt>{t("receipt.userOperation")}</dt>
            <dd className="hash">
              <code data-testid="conversion-userop">{conversion.userOpHash}</code>
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
