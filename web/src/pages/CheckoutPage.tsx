// /pay/:requestId — a payment request from a QR code or link. A payer without an account signs up with a
// passkey and pays in the same flow; the page ends in a clear "paid" state with the receipt link.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useConnection } from "wagmi";
import { useErrorText } from "../app/errors.ts";
import { api } from "../api/http.ts";
import type { PaymentRequest } from "@paykey/sdk/api";
import { AccountGate } from "../features/account/AccountGate.tsx";
import { type PaidPayment, PayPanel } from "../features/checkout/PayPanel.tsx";
import { RequestSummary } from "../features/checkout/RequestSummary.tsx";
import { formatMoney } from "@paykey/sdk/money";

export function CheckoutPage() {
  const { requestId = "" } = useParams();
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { isConnected } = useConnection();
  const [paid, setPaid] = useState<PaidPayment>();
  const query = useQuery({
    queryKey: ["request", requestId],
    queryFn: async () => (await api.get<{ request: PaymentRequest }>(`/api/requests/${encodeURIComponent(requestId)}`)).request,
  });

  if (query.isLoading) return <p className="muted">{t("common.loading")}</p>;
  if (query.error || !query.data) {
    return (
      <section className="card" data-testid="request-error">
        <h2>{t("checkout.notFound")}</h2>
        <p className="error">{query.error ? errorText(query.error) : null}</p>
      </section>
    );
  }
  const request = query.data;

  if (paid) {
    return (
      <section className="card done" data-testid="checkout-paid">
        <h2>{t("checkout.paid")}</h2>
        <p className="amount" data-testid="paid-amount">
          {formatMoney({ amount: paid.amount, decimals: request.decimals, currency: request.currency, locale: i18n.language })}
        </p>
        <p>{t("checkout.paidExplain", { merchant: request.store.name })}</p>
        <p className="muted small">
          {t("receipt.transaction")}: <code>{paid.transactionHash}</code>
        </p>
        <Link className="button primary" to={`/receipt/${paid.paymentId}`} data-testid="receipt-link">
          {t("checkout.viewReceipt")}
        </Link>
      </section>
    );
  }

  return (
    <div className="stack">
      <RequestSummary request={request} />
      {request.status === "paid" ? (
        <section className="card" data-testid="already-paid">
          <h2>{t("checkout.alreadyPaid")}</h2>
          {request.paymentId ? <Link to={`/receipt/${request.paymentId}`}>{t("checkout.viewReceipt")}</Link> : null}
        </section>
      ) : request.status === "expired" ? (
        <section className="card" data-testid="expired">
          <h2>{t("checkout.expired")}</h2>
        </section>
      ) : isConnected ? (
        <PayPanel
          request={request}
          onPaid={(result) => {
            setPaid(result);
            void queryClient.invalidateQueries({ queryKey: ["request", requestId] });
          }}
        />
      ) : (
        <AccountGate allowInjected title={t("checkout.signUpToPay")} />
      )}
    </div>
  );
}
