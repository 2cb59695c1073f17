// Signing in as an auditor: the passkey of an account a merchant granted access to. A new auditor first
// creates a passkey account here and hands its address to the merchant.
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { AuditorSession } from "@paykey/sdk/api/audit";
import { useErrorText } from "../../app/errors.ts";
import { signUpWithPasskey } from "../../connector/passkeyAuth.ts";
import { signInAsAuditor } from "./auditApi.ts";

export function AuditorSignIn({ onSignedIn }: { onSignedIn(session: AuditorSession): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const signIn = useMutation({ mutationFn: signInAsAuditor, onSuccess: onSignedIn });
  const signUp = useMutation({ mutationFn: () => signUpWithPasskey() });
  const busy = signIn.isPending || signUp.isPending;
  return (
    <section className="card" data-testid="audit-sign-in">
      <h2>{t("audit.signIn.title")}</h2>
      <p className="muted">{t("audit.signIn.explain")}</p>
      <button type="button" className="primary" data-testid="audit-sign-in-button" disabled={busy} onClick={() => signIn.mutate()}>
        {t("audit.signIn.button")}
      </button>
      <p className="muted small">{t("audit.signIn.newHere")}</p>
      <button type="button" data-testid="audit-sign-up" disabled={busy} onClick={() => signUp.mutate()}>
        {t("audit.signIn.create")}
      </button>
      {signUp.data ? (
        <p className="small">
          {t("audit.signIn.yourAccount")} <code data-testid="audit-new-account">{signUp.data.address}</code>
        </p>
      ) : null}
      {busy ? <p className="muted">{t("audit.signIn.waiting")}</p> : null}
      {signIn.error || signUp.error ? (
        <p className="error" role="alert">
          {errorText(signIn.error ?? signUp.error)}
        </p>
      ) : null}
    </section>
  );
}
