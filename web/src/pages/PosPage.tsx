// /pos/:storeId — the point of sale, full screen for a tablet on the counter or a phone in the hand: the
// store's owner or one of its cashiers signs in with a passkey, types an amount (or taps items), shows the
// QR code, and the screen turns to "paid" by itself; the sales list captures (and, for the owner, voids and
// refunds). Its own strings (features/counter/i18n.ts) and CSS.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useConnection } from "wagmi";
import { api } from "../api/http.ts";
import { useErrorText } from "../app/errors.ts";
import { LanguageSwitch } from "../app/LanguageSwitch.tsx";
import type { CounterSettings } from "@paykey/sdk/api/counter";
import { AccountGate } from "../features/account/AccountGate.tsx";
import { counterNs } from "../features/counter/i18n.ts";
import { Keypad, type RungUpSale } from "../features/counter/Keypad.tsx";
import { SaleScreen } from "../features/counter/SaleScreen.tsx";
import { PaymentsList } from "../features/merchant/PaymentsList.tsx";
import "../features/counter/counter.css";

export function PosPage() {
  const { storeId = "" } = useParams();
  const { t } = useTranslation(counterNs);
  const errorText = useErrorText();
  const { isConnected, connector } = useConnection();
  const passkey = isConnected && connector?.type === "paykey";
  const counter = useQuery({
    queryKey: ["counter", storeId],
    queryFn: () => api.get<CounterSettings>(`/api/stores/${encodeURIComponent(storeId)}/counter`),
    enabled: passkey,
    retry: false,
  });
  const [sale, setSale] = useState<RungUpSale>();
  const [view, setView] = useState<"keypad" | "sales">("keypad");

  let body;
  if (!passkey) body = <AccountGate title={t("pos.signIn")} />;
  else if (counter.isLoading) body = <p className="muted">{t("pos.loading")}</p>;
  else if (counter.error || !counter.data) {
    body = (
      <section className="card" data-testid="pos-refused">
        <h2>{t("pos.notStaff")}</h2>
        <p className="error">{errorText(counter.error)}</p>
      </section>
    );
  } else if (view === "sales") body = <PaymentsList store={counter.data.store} />;
  else if (sale) body = <SaleScreen counter={counter.data} sale={sale} onNewSale={() => setSale(undefined)} />;
  else body = <Keypad counter={counter.data} onSale={setSale} />;

  return (
    <div className="pos" data-testid="pos">
      <header className="pos-bar">
        <Link to="/merchant" className="pos-back" aria-label={t("pos.back")}>
          ‹
        </Link>
        <strong data-testid="pos-store">{counter.data?.store.name ?? t("pos.title")}</strong>
        {counter.data ? <span className="badge">{t(`role.${counter.data.role}`)}</span> : null}
        {counter.data ? (
          <button type="button" className="pos-view" onClick={() => setView(view === "keypad" ? "sales" : "keypad")} data-testid="pos-view">
            {view === "keypad" ? t("pos.sales") : t("pos.keypad")}
          </button>
        ) : null}
        <LanguageSwitch />
      </header>
      <main className="pos-main">{body}</main>
    </div>
  );
}
