// /cashier/:token — an invite to work a store's counter. The invitee signs up (or in) with a passkey and
// accepts; the owner then approves the account on-chain, after which the counter opens.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useConnection } from "wagmi";
import { api } from "../api/http.ts";
import { useErrorText } from "../app/errors.ts";
import type { AcceptInvite, InvitePreview, StaffStore } from "@paykey/sdk/api/counter";
import { AccountGate } from "../features/account/AccountGate.tsx";
import { counterNs } from "../features/counter/i18n.ts";

export function CashierInvitePage() {
  const { token = "" } = useParams();
  const { t } = useTranslation(counterNs);
  const errorText = useErrorText();
  const { isConnected, connector } = useConnection();
  const passkey = isConnected && connector?.type === "paykey";
  const preview = useQuery({ queryKey: ["invite", token], queryFn: () => api.get<InvitePreview>(`/api/cashier-invites/${encodeURIComponent(token)}`), retry: false });
  const accept = useMutation({ mutationFn: () => api.post<AcceptInvite>(`/api/cashier-invites/${encodeURIComponent(token)}/accept`) });
  const storeId = accept.data?.store.id;
  // Until the owner approves on-chain, look again every two seconds.
  const staff = useQuery({
    queryKey: ["staff-stores"],
    queryFn: async () => (await api.get<{ stores: StaffStore[] }>("/api/me/staff-stores")).stores,
    enabled: Boolean(storeId),
    refetchInterval: (query) => (query.state.data?.some((entry) => entry.store.id === storeId && entry.status === "active") ? false : 2_000),
  });
  const active = staff.data?.some((entry) => entry.store.id === storeId && entry.status === "active");

  if (preview.isLoading) return <p className="muted">{t("invite.loading")}</p>;
  if (preview.error || !preview.data) {
    return (
      <section className="card" data-testid="invite-error">
        <h2>{t("invite.invalid")}</h2>
        <p className="error">{errorText(preview.error)}</p>
      </section>
    );
  }
  const { invite, store } = preview.data;
  return (
    <div className="stack">
      <section className="card" data-testid="invite">
        <h2>{t("invite.title", { store: store.name })}</h2>
        <p>{t("invite.explain", { name: invite.label })}</p>
        <p className="muted small">{t("invite.rights")}</p>
      </section>
      {!passkey ? (
        <AccountGate title={t("invite.signIn")} />
      ) : accept.isSuccess ? (
        <section className="card" data-testid="invite-accepted" data-active={String(Boolean(active))}>
          {active ? (
            <Link className="button primary big" to={`/pos/${storeId}`} data-testid="invite-open-pos">
              {t("invite.openPos")}
            </Link>
          ) : (
            <p>{t("invite.waiting")}</p>
          )}
        </section>
      ) : invite.status === "open" ? (
        <section className="card">
          <button type="button" className="primary big" disabled={accept.isPending} onClick={() => accept.mutate()} data-testid="accept-invite">
            {t("invite.accept")}
          </button>
          {accept.error ? <p className="error" role="alert">{errorText(accept.error)}</p> : null}
        </section>
      ) : (
        <p className="error" data-testid="invite-closed">{t(`invite.status.${invite.status}`)}</p>
      )}
    </div>
  );
}
