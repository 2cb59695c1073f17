// The counter's keypad: an amount typed like on a card terminal (digits fill in from the cents), or items
// tapped from the store's list, plus an optional note; "Charge" rings the sale up as a payment request.
// Big keys: a tablet in landscape shows keys and the sale side by side, a phone in portrait one above the other.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/http.ts";
import { useErrorText } from "../../app/errors.ts";
import type { PaymentRequest } from "@paykey/sdk/api";
import type { CounterSettings } from "@paykey/sdk/api/counter";
import { formatMoney } from "@paykey/sdk/money";
import { counterNs } from "./i18n.ts";

export type RungUpSale = { request: PaymentRequest; note: string | null };

const keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "00", "0", "⌫"] as const;
const maxDigits = 9;

/** Keypad digits as base units: the last two digits are cents. */
export function keypadAmount(digits: string, decimals: number): bigint {
  return BigInt(digits || "0") * 10n ** BigInt(Math.max(0, decimals - 2));
}

export function Keypad({ counter, onSale }: { counter: CounterSettings; onSale: (sale: RungUpSale) => void }) {
  const { t, i18n } = useTranslation(counterNs);
  const errorText = useErrorText();
  const { store, items } = counter;
  const [mode, setMode] = useState<"amount" | "items">("amount");
  const [digits, setDigits] = useState("");
  const [cart, setCart] = useState<Record<number, number>>({});
  const [note, setNote] = useState("");
  const money = (amount: bigint | string) => formatMoney({ amount, decimals: store.decimals, currency: store.currency, locale: i18n.language });

  const cartTotal = Object.entries(cart).reduce((sum, [index, quantity]) => sum + BigInt(items[Number(index)]?.unitPrice ?? 0) * BigInt(quantity), 0n);
  const total = mode === "amount" ? keypadAmount(digits, store.decimals) : cartTotal;

  const press = (key: (typeof keys)[number]) =>
    setDigits((current) => {
      if (key === "⌫") return current.slice(0, -1);
      const next = (current + key).replace(/^0+/, "");
      return next.length > maxDigits ? current : next;
    });
  const add = (index: number, delta: number) =>
    setCart((current) => {
      const quantity = Math.max(0, (current[index] ?? 0) + delta);
      const { [index]: _, ...rest } = current;
      return quantity === 0 ? rest : { ...rest, [index]: quantity };
    });

  const charge = useMutation({
    mutationFn: () =>
      api.post<RungUpSale>(`/api/stores/${store.id}/pos/sales`, {
        ...(mode === "amount"
          ? { amount: total.toString() }
          : { items: Object.entries(cart).map(([index, quantity]) => ({ index: Number(index), quantity })) }),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: onSale,
  });

  return (
    <div className="pos-body">
      <section className="pos-pad" aria-label={t("pos.keypad")}>
        {items.length > 0 ? (
          <div className="pos-modes" role="tablist">
            <button type="button" role="tab" aria-selected={mode === "amount"} className={mode === "amount" ? "primary" : ""} onClick={() => setMode("amount")} data-testid="pos-mode-amount">
              {t("pos.amountMode")}
            </button>
            <button type="button" role="tab" aria-selected={mode === "items"} className={mode === "items" ? "primary" : ""} onClick={() => setMode("items")} data-testid="pos-mode-items">
              {t("pos.itemsMode")}
            </button>
          </div>
        ) : null}
        {mode === "amount" ? (
          <div className="pos-keys">
            {keys.map((key) => (
              <button key={key} type="button" className="pos-key" onClick={() => press(key)} data-testid={`pos-key-${key === "⌫" ? "back" : key}`} aria-label={key === "⌫" ? t("pos.backspace") : key}>
                {key}
              </button>
            ))}
          </div>
        ) : (
          <ul className="pos-items">
            {items.map((item, index) => (
              <li key={`${index}-${item.name}`}>
                <button type="button" className="pos-item" onClick={() => add(index, 1)} data-testid="pos-item">
                  <span>{item.name}</span>
                  <span className="muted">{money(item.unitPrice)}</span>
                  {cart[index] ? <span className="badge badge-ok">×{cart[index]}</span> : null}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="pos-side">
        <p className="pos-total" data-testid="pos-total">
          {money(total)}
        </p>
        {mode === "items"
          ? Object.entries(cart).map(([index, quantity]) => (
              <div key={index} className="list-row">
                <span>
                  {items[Number(index)]?.name} × {quantity}
                </span>
                <button type="button" className="link" onClick={() => add(Number(index), -1)} aria-label={t("pos.removeOne")}>
                  −1
                </button>
              </div>
            ))
          : null}
        <label className="field">
          <span>{t("pos.note")}</span>
          <input value={note} maxLength={140} onChange={(event) => setNote(event.target.value)} placeholder={t("pos.notePlaceholder")} data-testid="pos-note" />
        </label>
        <button type="button" className="primary big pos-charge" disabled={total === 0n || charge.isPending || store.status !== "active"} onClick={() => charge.mutate()} data-testid="pos-charge">
          {charge.isPending ? t("pos.charging") : t("pos.charge", { amount: money(total) })}
        </button>
        {mode === "amount" && digits ? (
          <button type="button" onClick={() => setDigits("")} data-testid="pos-clear">
            {t("pos.clear")}
          </button>
        ) : null}
        {charge.error ? <p className="error" role="alert">{errorText(charge.error)}</p> : null}
      </section>
    </div>
  );
}
