// /audit — the auditor's page: sign in with a passkey a merchant granted read access to, reconcile a
// store's ledger with the chain for a period (progress, differences, downloadable sealed report), and
// verify any receipt by payment id, transaction hash or user-operation hash.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { AuditorSignIn } from "../features/audit/AuditorSignIn.tsx";
import { auditorSession, signOutAuditor } from "../features/audit/auditApi.ts";
import { registerAuditStrings } from "../features/audit/i18n.ts";
import { Reconciliation } from "../features/audit/Reconciliation.tsx";
import { ReceiptLookup } from "../features/audit/ReceiptLookup.tsx";
import { useErrorText } from "../app/errors.ts";

registerAuditStrings();

export function AuditorPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: ["audit-session"], queryFn: auditorSession });
  const signOut = useMutation({ mutationFn: signOutAuditor, onSettled: () => queryClient.setQueryData(["audit-session"], null) });

  return (
    <div className="stack" data-testid="audit-page">
      <section className="card">
        <h2>{t("audit.title")}</h2>
        <p className="muted">{t("audit.intro")}</p>
        {session.data ? (
          <p className="small" data-testid="audit-signed-in">
            {t("audit.session.signedInAs")} <code>{session.data.auditor.account}</code>{" "}
            <button type="button" className="link" data-testid="audit-sign-out" onClick={() => signOut.mutate()}>
              {t("audit.session.signOut")}
            </button>
          </p>
        ) : null}
      </section>
      {session.isLoading ? <p className="muted">{t("common.loading")}</p> : null}
      {session.error ? <p className="error" role="alert">{errorText(session.error)}</p> : null}
      {session.data === null ? <AuditorSignIn onSignedIn={(signedIn) => queryClient.setQueryData(["audit-session"], { auditor: signedIn.auditor, stores: signedIn.stores })} /> : null}
      {session.data ? (
        session.data.stores.length > 0 ? (
          <Reconciliation stores={session.data.stores} />
        ) : (
          <p className="muted card" data-testid="audit-no-stores">{t("audit.session.noStores")}</p>
        )
      ) : null}
      <ReceiptLookup />
    </div>
  );
}
