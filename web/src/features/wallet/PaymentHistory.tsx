// The payer's payments, newest first, each linking to its receipt.
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/http.ts";
import type { Payment } from "@paykey/sdk/api";
import { formatMoney } from "@paykey/sdk/money";

export function PaymentHistory() {
  const { t, i18n } = useTranslation();
  const query = useQuery({
    queryKey: ["me", "payments"],
    queryFn: async () => (await api.get<{ payments: Payment[] }>("/api/me/payments")).payments,
    refetchInterval: 5_000,
  });
  return (
    <section className="card" data-testid="history">
      <h2>{t("wallet.history")}</h2>
      {query.data?.length === 0 ? <p className="muted">{t("wallet.noPayments")}</p> : null}
      <ul className="list">
        {query.data?.map((payment) => (
          <li key={payment.paymentId}>
            <Link to={`/receipt/${payment.paymentId}`} className="list-row">
              <span>{payment.store?.name ?? t("receipt.unknownStore")}</span>
              <strong>
                {formatMoney({
                  amount: payment.authorized,
                  decimals: payment.request?.decimals ?? 6,
                  currency: payment.request?.currency ?? "USD",
                  locale: i18n.language,
                })}
              </strong>
              <span className={`badge badge-${payment.status}`}>{t(`status.${payment.status}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
