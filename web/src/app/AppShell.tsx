// The frame of every page: brand, navigation, language switch, the signed-in account, then the route.
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useLocation } from "react-router";
import { useConnection, useDisconnect } from "wagmi";
import { LanguageSwitch } from "./LanguageSwitch.tsx";
import { RouteErrorBoundary } from "./RouteError.tsx";

export function AppShell() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <>
      <header className="top">
        <NavLink to="/" className="brand">
          Paykey
        </NavLink>
        <nav>
          <NavLink to="/wallet">{t("nav.wallet")}</NavLink>
          <NavLink to="/merchant">{t("nav.merchant")}</NavLink>
        </nav>
        <LanguageSwitch />
      </header>
      <AccountBar />
      <main>
        <RouteErrorBoundary resetKey={pathname}>
          <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
            <Outlet />
          </Suspense>
        </RouteErrorBoundary>
      </main>
    </>
  );
}

function AccountBar() {
  const { t } = useTranslation();
  const { address, connector, isConnected } = useConnection();
  const disconnect = useDisconnect();
  if (!isConnected || !address) return null;
  return (
    <div className="account-bar" data-testid="account-bar">
      <span className="muted small">{connector?.type === "paykey" ? t("account.passkeyAccount") : t("account.browserWallet")}</span>
      <code data-testid="account-address" title={address}>
        {address.slice(0, 6)}…{address.slice(-4)}
      </code>
      <button type="button" className="link" data-testid="sign-out" onClick={() => disconnect.mutate()}>
        {t("account.signOut")}
      </button>
    </div>
  );
}
