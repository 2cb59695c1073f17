// The owner's cashiers: invite one by link (QR code to scan from the cashier's phone), approve an accepted
// invite on-chain (the cashier becomes an escrow operator), remove a cashier (refused by the relayer at
// once, revoked on-chain with the owner's passkey). A cashier may sell and capture; refunds, large voids,
// payout, fees, loyalty and coupons stay with the owner.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/http.ts";
import { useErrorText } from "../../app/errors.ts";
import type { Store } from "@paykey/sdk/api";
import type { CashierCalls, Cashiers, Invite } from "@paykey/sdk/api/counter";
import { useQrCode } from "../merchant/useQrCode.ts";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { counterNs } from "./i18n.ts";
import { useOwnerCalls } from "./useOwnerCalls.ts";

export function CashiersTab({ store }: { store: Store }) {
  const { t } = useTranslation(counterNs);
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const base = `/api/stores/${store.id}/cashiers`;
  // While an invite is open or a cashier waits for approval, look again every 3 s (the owner is waiting too).
  const list = useQuery({
    queryKey: ["cashiers", store.id],
    queryFn: () => api.get<Cashiers>(base),
    refetchInterval: (query) =>
      query.state.data?.invites.some((invite) => invite.status === "open") || query.state.data?.cashiers.some((cashier) => cashier.status === "pending") ? 3_000 : false,
  });
  const [label, setLabel] = useState("");
  const invite = useMutation({
    mutationFn: () => api.post<{ invite: Invite }>(`${base}/invites`, { label: label.trim() }),
    onSuccess: () => {
      setLabel("");
      return queryClient.invalidateQueries({ queryKey: ["cashiers", store.id] });
    },
  });
  const onChain = useOwnerCalls<{ account: string; action: "approve" | "remove" }>(async (send, { account, action }) => {
    const { calls } = await api.post<CashierCalls>(`${base}/${account}/${action}`);
    await send(calls);
    await api.post(`${base}/${account}/sync`);
  }, ["cashiers", store.id]);

  return (
    <div className="stack" data-testid="cashiers-tab">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          invite.mutate();
        }}
      >
        <label className="field">
          <span>{t("cashiers.name")}</span>
          <input required maxLength={64} value={label} onChange={(event) => setLabel(event.target.value)} data-testid="cashier-name" />
        </label>
        <button type="submit" className="primary" disabled={invite.isPending} data-testid="invite-cashier">
          {t("cashiers.invite")}
        </button>
      </form>
      {invite.data?.invite.url ? <InviteLink url={invite.data.invite.url} /> : null}
      {invite.error ? <p className="error" role="alert">{errorText(invite.error)}</p> : null}

      <h3>{t("cashiers.title")}</h3>
      {list.data?.cashiers.length === 0 ? <p className="muted">{t("cashiers.none")}</p> : null}
      <ul className="list">
        {list.data?.cashiers.map((cashier) => (
          <li key={cashier.account} className="list-row" data-testid="cashier" data-status={cashier.status} data-onchain={String(cashier.onChain)}>
            <span>
              <strong>{cashier.label}</strong>{" "}
              <code className="small" title={cashier.account}>
                {cashier.account.slice(0, 6)}…{cashier.account.slice(-4)}
              </code>
            </span>
            <span className={cashier.status === "active" ? "badge badge-ok" : "badge"}>{t(`cashiers.status.${cashier.status}`)}</span>
            {cashier.status === "pending" ? (
              <button type="button" className="primary" disabled={onChain.isPending} onClick={() => onChain.mutate({ account: cashier.account, action: "approve" })} data-testid="approve-cashier">
                {t("cashiers.approve")}
              </button>
            ) : null}
            {cashier.status === "active" || (cashier.status === "removed" && cashier.onChain) ? (
              <button type="button" disabled={onChain.isPending} onClick={() => onChain.mutate({ account: cashier.account, action: "remove" })} data-testid="remove-cashier">
                {cashier.status === "active" ? t("cashiers.remove") : t("cashiers.revokeOnChain")}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {list.data?.invites.some((entry) => entry.status === "open") ? (
        <p className="muted small">{t("cashiers.openInvites", { count: list.data.invites.filter((entry) => entry.status === "open").length })}</p>
      ) : null}
      <p className="muted small">{t("cashiers.explain")}</p>
      {onChain.isPending || onChain.error ? <OperationProgress /> : null}
      {onChain.error ? <p className="error" role="alert">{errorText(onChain.error)}</p> : null}
    </div>
  );
}

function InviteLink({ url }: { url: string }) {
  const { t } = useTranslation(counterNs);
  const qr = useQrCode(url, 200);
  const [copied, setCopied] = useState(false);
  return (
    <div className="qr notice" data-testid="invite-created">
      <p>{t("cashiers.inviteReady")}</p>
      {qr ? <img className="qr-small" src={qr} width={200} height={200} alt={t("cashiers.inviteQr")} /> : null}
      <p className="small">
        <a href={url} data-testid="invite-link">
          {url}
        </a>
      </p>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}>
        {copied ? t("copied") : t("copyLink")}
      </button>
    </div>
  );
}
