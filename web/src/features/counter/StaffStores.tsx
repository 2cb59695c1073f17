// On /merchant for a cashier: the stores this account works at, with the way to their counters (or a note
// that the owner has not approved it on-chain yet).
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/http.ts";
import type { StaffStore } from "@paykey/sdk/api/counter";
import { counterNs } from "./i18n.ts";

export function StaffStores() {
  const { t } = useTranslation(counterNs);
  const stores = useQuery({ queryKey: ["staff-stores"], queryFn: async () => (await api.get<{ stores: StaffStore[] }>("/api/me/staff-stores")).stores });
  if (!stores.data?.length) return null;
  return (
    <section className="card" data-testid="staff-stores">
      <h2>{t("staff.title")}</h2>
      <ul className="list">
        {stores.data.map(({ store, status }) => (
          <li key={store.id} className="list-row">
            <strong>{store.name}</strong>
            {status === "active" ? (
              <Link className="button primary" to={`/pos/${store.id}`} data-testid="staff-open-pos">
                {t("staff.openPos")}
              </Link>
            ) : (
              <span className="badge">{t("staff.pending")}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
