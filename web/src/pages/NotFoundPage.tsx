import { useTranslation } from "react-i18next";
import "../i18n/pageStrings.ts";
import { Link } from "react-router";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2>{t("notFound.title")}</h2>
      <Link to="/">{t("notFound.home")}</Link>
    </section>
  );
}
