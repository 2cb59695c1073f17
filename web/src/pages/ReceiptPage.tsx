// /receipt/:paymentId — a public receipt. The itemised order comes from the relayer; the status history and
// amounts are read from the chain by this page, and the "verified on-chain" mark compares the two.
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import type { Hex } from "viem";
import { useClient } from "wagmi";
import { useAppConfig } from "../app/ConfigContext.tsx";
import { useErrorText } from "../app/errors.ts";
import { api } from "../api/http.ts";
import type { Payment } from "@paykey/sdk/api";
import { LineItems } from "../features/checkout/RequestSummary.tsx";
import ConversionReceipt from "../features/fx/ConversionReceipt.tsx";
import { ReceiptHistory } from "../features/receipt/ReceiptHistory.tsx";
import { readChainReceipt } from "../features/receipt/readChainReceipt.ts";
import { ReceiptRewards } from "../features/rewards/ReceiptRewards.tsx";
import { verifyReceipt } from "../features/receipt/verifyReceipt.ts";
import { formatMoney } from "@paykey/sdk/money";

export function ReceiptPage() {
  const { paymentId = "" } = useParams();
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const config = useAppConfig();
  const client = useClient();
  const valid = /^0x[0-9a-fA-F]{64}$/.test(paymentId);
  const payment = useQuery({
    queryKey: ["payment", paymentId],
    queryFn: async () => (await api.get<{ payment: Payment }>(`/api/payments/${paymentId}`)).payment,
    enabled: valid,
    refetchInterval: 3_000,
  });
  const chain = useQuery({
    queryKey: ["chain-receipt", paymentId],
    queryFn: () => readChainReceipt(client!, { escrow: config.contracts.paymentEscrow, entryPoint: config.contracts.entryPoint, paymentId: paymentId as Hex }),
    enabled: valid && Boolean(client),
    refetchInterval: 3_000,
  });

  if (!valid) return <section className="card"><h2>{t("receipt.invalid")}</h2></section>;
  const token = config.tokens.find((candidate) => candidate.address.toLowerCase() === chain.data?.steps[0]?.token.toLowerCase());
  const decimals = payment.data?.request?.decimals ?? token?.decimals ?? 6;
  const currency = payment.data?.request?.currency ?? token?.currency ?? "USD";
  const money = (amount: bigint) => formatMoney({ amount, decimals, currency, locale: i18n.language });
  const verification = verifyReceipt(chain.data, payment.data);
  const first = chain.data?.steps[0];

  return (
    <div className="stack">
      <section className="card" data-testid="receipt">
        <p className="muted">{t("receipt.title")}</p>
        <h2>{payment.data?.store?.name ?? t("receipt.unknownStore")}</h2>
        <p className="amount">{chain.data ? money(chain.data.authorized) : "…"}</p>
        <p>
          <span className={`badge badge-${chain.data?.status ?? "none"}`} data-testid="receipt-status" data-status={chain.data?.status ?? ""}>
            {chain.data ? t(`status.${chain.data.status}`) : t("common.loading")}
          </span>
        </p>
        <Verification state={verification.state} checks={verification.checks} />
        <dl className="facts">
          <dt>{t("receipt.paymentId")}</dt>
          <dd className="hash"><code>{paymentId}</code></dd>
          <dt>{t("receipt.payer")}</dt>
          <dd className="hash"><code data-testid="receipt-payer">{first?.payer ?? "…"}</code></dd>
          <dt>{t("receipt.merchant")}</dt>
          <dd>{first ? t("receipt.merchantId", { id: first.merchantId.toString() }) : "…"}</dd>
          <dt>{t("receipt.captured")}</dt>
          <dd data-testid="receipt-captured">{chain.data ? money(chain.data.captured) : "…"}</dd>
          <dt>{t("receipt.fee")}</dt>
          <dd>{chain.data ? money(chain.data.fees) : "…"}</dd>
          <dt>{t("receipt.refunded")}</dt>
          <dd data-testid="receipt-refunded">{chain.data ? money(chain.data.refunded) : "…"}</dd>
          {payment.data?.request ? (
            <>
              <dt>{t("checkout.orderRef")}</dt>
              <dd>{payment.data.request.orderRef}</dd>
            </>
          ) : null}
        </dl>
        {chain.data ? <ReceiptRewards receipt={chain.data} money={money} /> : null}
        {payment.data?.request ? <LineItems items={payment.data.request.lineItems} money={money} /> : null}
      </section>
      <ConversionReceipt paymentId={paymentId as Hex} settlementToken={first?.token} />
      <section className="card">
        <h2>{t("receipt.history")}</h2>
        {chain.data ? <ReceiptHistory steps={chain.data.steps} money={money} /> : null}
        {chain.data?.steps.length === 0 ? <p className="muted">{t("receipt.notOnChain")}</p> : null}
        {chain.error ? <p className="error" role="alert">{errorText(chain.error)}</p> : null}
      </section>
    </div>
  );
}

function Verification({ state, checks }: ReturnType<typeof verifyReceipt>) {
  const { t } = useTranslation();
  return (
    <div className={`verification verification-${state}`} data-testid="verification" data-state={state} role={state === "mismatch" ? "alert" : undefined}>
      <strong>{t(`receipt.verification.${state}`)}</strong>
      {state === "mismatch" ? (
        <ul>
          {checks.filter((check) => !check.ok).map((check) => (
            <li key={check.name}>{t(`receipt.check.${check.name}`)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
