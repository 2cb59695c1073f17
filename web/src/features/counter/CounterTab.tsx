// The counter's settings (owner): the item list the keypad offers, the largest sale a cashier may void,
// and the way to the point of sale itself.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/http.ts";
import { useErrorText } from "../../app/errors.ts";
import type { Store } from "@paykey/sdk/api";
import type { CounterSettings } from "@paykey/sdk/api/counter";
import { formatMoney, parseMoney, toDecimalString } from "@paykey/sdk/money";
import { counterNs } from "./i18n.ts";

export function CounterTab({ store }: { store: Store }) {
  const { t, i18n } = useTranslation(counterNs);
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const path = `/api/stores/${store.id}/counter`;
  const counter = useQuery({ queryKey: ["counter", store.id], queryFn: () => api.get<CounterSettings>(path) });
  const [name, setName] = useState("");
  const [price, setPrice] = useState("");
  const [limit, setLimit] = useState<string>();
  const decimals = counter.data?.store.decimals ?? 6;
  const money = (amount: bigint | string) => formatMoney({ amount, decimals, currency: store.currency, locale: i18n.language });

  const save = useMutation({
    mutationFn: (body: { items?: { name: string; unitPrice: string }[]; cashierVoidLimit?: string }) => api.post<CounterSettings>(path, body),
    onSuccess: (data) => {
      queryClient.setQueryData(["counter", store.id], data);
      setName("");
      setPrice("");
      setLimit(undefined);
    },
  });
  const items = counter.data?.items ?? [];

  return (
    <div className="stack" data-testid="counter-tab">
      <Link className="button primary big" to={`/pos/${store.id}`} data-testid="open-pos">
        {t("counterTab.openPos")}
      </Link>
      <h3>{t("counterTab.items")}</h3>
      <ul className="list">
        {items.map((item, index) => (
          <li key={`${index}-${item.name}`} className="list-row" data-testid="counter-item">
            <span>{item.name}</span>
            <span>{money(item.unitPrice)}</span>
            <button type="button" className="link" disabled={save.isPending} onClick={() => save.mutate({ items: items.filter((_, at) => at !== index) })}>
              {t("counterTab.removeItem")}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ items: [...items, { name: name.trim(), unitPrice: parseMoney(price, decimals).toString() }] });
        }}
      >
        <input required maxLength={64} placeholder={t("counterTab.itemName")} aria-label={t("counterTab.itemName")} value={name} onChange={(event) => setName(event.target.value)} data-testid="counter-item-name" />
        <input required inputMode="decimal" placeholder={t("counterTab.itemPrice")} aria-label={t("counterTab.itemPrice")} value={price} onChange={(event) => setPrice(event.target.value)} data-testid="counter-item-price" />
        <button type="submit" disabled={save.isPending} data-testid="counter-add-item">
          {t("counterTab.addItem")}
        </button>
      </form>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (limit !== undefined) save.mutate({ cashierVoidLimit: parseMoney(limit, decimals).toString() });
        }}
      >
        <label className="field">
          <span>{t("counterTab.voidLimit")}</span>
          <input
            inputMode="decimal"
            value={limit ?? (counter.data ? toDecimalString(BigInt(counter.data.cashierVoidLimit), decimals) : "")}
            onChange={(event) => setLimit(event.target.value)}
            data-testid="void-limit"
          />
        </label>
        <p className="muted small">{t("counterTab.voidLimitExplain")}</p>
        <button type="submit" disabled={save.isPending || limit === undefined}>
          {t("counterTab.save")}
        </button>
      </form>
      {save.error ? <p className="error" role="alert">{errorText(save.error)}</p> : null}
    </div>
  );
}
