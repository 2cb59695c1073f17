// /merchant — sign in with a passkey, register a store, create payment requests (QR + link), and follow
// incoming payments live with capture, void and refund.
import { Suspense, lazy } from "react";
import { useTranslation } from "react-i18next";
import { useConnection } from "wagmi";
import { useToken } from "../app/ConfigContext.tsx";
import { AccountGate } from "../features/account/AccountGate.tsx";
import { CreateRequest } from "../features/merchant/CreateRequest.tsx";
import { PaymentsList } from "../features/merchant/PaymentsList.tsx";
import { RegisterStore } from "../features/merchant/RegisterStore.tsx";
import { useStores } from "../features/merchant/useStores.ts";
import type { Store } from "@paykey/sdk/api";
import { formatBps } from "@paykey/sdk/money";

// The counter's parts (point of sale, cashiers, loyalty, coupons; a cashier's stores): their own chunk and strings.
const CounterTabs = lazy(async () => ({ default: (await import("../features/counter/CounterTabs.tsx")).CounterTabs }));
const StaffStores = lazy(async () => ({ default: (await import("../features/counter/StaffStores.tsx")).StaffStores }));

export function MerchantPage() {
  const { t } = useTranslation();
  const { isConnected, connector } = useConnection();
  const passkey = isConnected && connector?.type === "paykey";
  const stores = useStores(passkey);
  if (!passkey) return <AccountGate title={t("merchant.signInTitle")} />;
  if (stores.isLoading) return <p className="muted">{t("common.loading")}</p>;
  const active = stores.data?.find((store) => store.status === "active");
  if (!active) {
    return (
      <div className="stack">
        <Suspense fallback={null}>
          <StaffStores />
        </Suspense>
        <RegisterStore />
      </div>
    );
  }
  return <StoreDashboard store={active} />;
}

function StoreDashboard({ store }: { store: Store }) {
  const { t, i18n } = useTranslation();
  const token = useToken(store.currency);
  return (
    <div className="stack">
      <section className="card" data-testid="store">
        <h2 data-testid="store-title">{store.name}</h2>
        <p className="muted small">
          <span data-testid="store-merchant-id">{t("merchant.merchantId", { id: store.merchantId })}</span> · {store.currency} · {t("merchant.feeDisclosed", { rate: formatBps(store.feeBps ?? 0, i18n.language) })}
        </p>
        <p className="muted small">
          {t("merchant.payout")}: <code>{store.payout}</code>
        </p>
      </section>
      <Suspense fallback={null}>
        <CounterTabs store={store} />
      </Suspense>
      <CreateRequest store={store} decimals={token?.decimals ?? 6} />
      <PaymentsList store={store} />
    </div>
  );
}
