// Landing: what Paykey is, and the ways in (pay, sell, or audit).
import { useTranslation } from "react-i18next";
import "../i18n/pageStrings.ts";
import { Link } from "react-router";

export function HomePage() {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <section className="card hero">
        <h1>{t("home.title")}</h1>
        <p>{t("home.tagline")}</p>
      </section>
      <Link className="card tile" to="/wallet" data-testid="home-wallet">
        <h2>{t("home.payer")}</h2>
        <p className="muted">{t("home.payerText")}</p>
      </Link>
      <Link className="card tile" to="/merchant" data-testid="home-merchant">
        <h2>{t("home.merchant")}</h2>
        <p className="muted">{t("home.merchantText")}</p>
      </Link>
      <Link className="card tile" to="/audit" data-testid="home-audit">
        <h2>{t("home.auditor")}</h2>
        <p className="muted">{t("home.auditorText")}</p>
      </Link>
    </div>
  );
}
