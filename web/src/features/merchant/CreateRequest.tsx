// A payment request: order reference and line items (the amount is their sum, computed in base units);
// the relayer returns its link, shown as a QR code to scan and a link to share.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "../../app/errors.ts";
import { api } from "../../api/http.ts";
import type { PaymentRequest, Store } from "@paykey/sdk/api";
import { lineItemLimits, sumLineItems } from "@paykey/sdk/commerce";
import { formatMoney, parseMoney } from "@paykey/sdk/money";
import { RequestQr } from "./RequestQr.tsx";

type Row = { name: string; quantity: string; unitPrice: string };
const emptyRow: Row = { name: "", quantity: "1", unitPrice: "" };

function toLineItems(rows: readonly Row[], decimals: number) {
  return rows.map((row) => ({
    name: row.name.trim(),
    quantity: Number.parseInt(row.quantity, 10),
    unitPrice: parseMoney(row.unitPrice, decimals).toString(),
  }));
}

export function CreateRequest({ store, decimals }: { store: Store; decimals: number }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [orderRef, setOrderRef] = useState(() => `ORDER-${Date.now().toString(36).toUpperCase()}`);
  const [rows, setRows] = useState<Row[]>([{ ...emptyRow }]);
  let total: bigint | undefined;
  try {
    total = sumLineItems(toLineItems(rows, decimals));
  } catch {
    total = undefined;
  }
  const setRow = (index: number, patch: Partial<Row>) => setRows((current) => current.map((row, at) => (at === index ? { ...row, ...patch } : row)));

  const create = useMutation({
    mutationFn: async () => {
      const lineItems = toLineItems(rows, decimals);
      const amount = sumLineItems(lineItems);
      const { request } = await api.post<{ request: PaymentRequest }>(`/api/stores/${store.id}/requests`, { amount: amount.toString(), orderRef: orderRef.trim(), lineItems });
      return request;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["requests", store.id] }),
  });

  if (create.data) {
    return (
      <section className="card" data-testid="request-created">
        <RequestQr request={create.data} />
        <button
          type="button"
          onClick={() => {
            create.reset();
            setRows([{ ...emptyRow }]);
            setOrderRef(`ORDER-${Date.now().toString(36).toUpperCase()}`);
          }}
        >
          {t("merchant.newRequest")}
        </button>
      </section>
    );
  }

  return (
    <section className="card" data-testid="create-request">
      <h2>{t("merchant.requestTitle")}</h2>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <label className="field">
          <span>{t("merchant.orderRef")}</span>
          <input required maxLength={lineItemLimits.maxOrderRefLength} value={orderRef} onChange={(event) => setOrderRef(event.target.value)} data-testid="order-ref" />
        </label>
        {rows.map((row, index) => (
          <fieldset key={index} className="item-row" data-testid="item-row">
            <legend className="muted small">{t("merchant.item", { number: index + 1 })}</legend>
            <input required maxLength={lineItemLimits.maxNameLength} placeholder={t("items.name")} aria-label={t("items.name")} value={row.name} onChange={(event) => setRow(index, { name: event.target.value })} data-testid="item-name" />
            <input required type="number" min={1} max={lineItemLimits.maxQuantity} step={1} inputMode="numeric" aria-label={t("items.quantity")} value={row.quantity} onChange={(event) => setRow(index, { quantity: event.target.value })} data-testid="item-quantity" />
            <input required inputMode="decimal" placeholder={t("items.unitPrice")} aria-label={t("items.unitPrice")} value={row.unitPrice} onChange={(event) => setRow(index, { unitPrice: event.target.value })} data-testid="item-price" />
            {rows.length > 1 ? (
              <button type="button" className="link" onClick={() => setRows((current) => current.filter((_, at) => at !== index))}>
                {t("merchant.removeItem")}
              </button>
            ) : null}
          </fieldset>
        ))}
        {rows.length < lineItemLimits.maxItems ? (
          <button type="button" onClick={() => setRows((current) => [...current, { ...emptyRow }])} data-testid="add-item">
            {t("merchant.addItem")}
          </button>
        ) : null}
        <p className="total" data-testid="request-total">
          {t("merchant.total")}: {total !== undefined ? formatMoney({ amount: total, decimals, currency: store.currency, locale: i18n.language }) : "—"}
        </p>
        <button type="submit" className="primary" disabled={create.isPending || !total} data-testid="create-request-submit">
          {t("merchant.createRequest")}
        </button>
      </form>
      {create.error ? <p className="error" role="alert">{errorText(create.error)}</p> : null}
    </section>
  );
}
