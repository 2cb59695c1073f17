// Incoming payments of a store, newest first, refreshed every second (the relayer indexes the chain).
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/http.ts";
import type { Payment, Store } from "@paykey/sdk/api";
import { PaymentRow } from "./PaymentRow.tsx";

export function PaymentsList({ store }: { store: Pick<Store, "id"> }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ["payments", store.id],
    queryFn: async () => (await api.get<{ payments: Payment[] }>(`/api/stores/${store.id}/payments`)).payments,
    refetchInterval: 1_000,
  });
  return (
    <section data-testid="payments">
      <h2>{t("merchant.payments")}</h2>
      {query.data?.length === 0 ? <p className="muted">{t("merchant.noPayments")}</p> : null}
      <ul className="stack">
        {query.data?.map((payment) => <PaymentRow key={payment.paymentId} payment={payment} />)}
      </ul>
    </section>
  );
}
