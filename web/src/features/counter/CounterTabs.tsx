// The counter's part of the merchant dashboard (owner): the point of sale and its item list, cashiers,
// loyalty and coupons, one tab each. Loaded lazily with its own strings.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Store } from "@paykey/sdk/api";
import { CashiersTab } from "./CashiersTab.tsx";
import { CounterTab } from "./CounterTab.tsx";
import { CouponsTab } from "./CouponsTab.tsx";
import { counterNs } from "./i18n.ts";
import { LoyaltyTab } from "./LoyaltyTab.tsx";
import "./counter.css";

const tabs = ["counter", "cashiers", "loyalty", "coupons"] as const;
type Tab = (typeof tabs)[number];

export function CounterTabs({ store }: { store: Store }) {
  const { t } = useTranslation(counterNs);
  const [tab, setTab] = useState<Tab>("counter");
  return (
    <section className="card" data-testid="counter-tabs">
      <div className="tabs" role="tablist">
        {tabs.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} className={tab === name ? "primary" : ""} onClick={() => setTab(name)} data-testid={`tab-${name}`}>
            {t(`tabs.${name}`)}
          </button>
        ))}
      </div>
      {tab === "counter" ? <CounterTab store={store} /> : null}
      {tab === "cashiers" ? <CashiersTab store={store} /> : null}
      {tab === "loyalty" ? <LoyaltyTab store={store} /> : null}
      {tab === "coupons" ? <CouponsTab store={store} /> : null}
    </section>
  );
}
