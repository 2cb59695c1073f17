// Sign-up and sign-in with a passkey (one tap each), or an injected browser wallet where the page allows it.
// Sign-up shows the new account address at once: it is counterfactual, nothing is on-chain yet.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useConnect, useConnectors } from "wagmi";
import { useErrorText } from "../../app/errors.ts";

export function AccountGate({ allowInjected = false, title }: { allowInjected?: boolean; title?: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const connectors = useConnectors();
  const connect = useConnect();
  const [name, setName] = useState("");
  const passkey = connectors.find((connector) => connector.type === "paykey");
  const injected = connectors.find((connector) => connector.id === "injected");
  const hasInjected = allowInjected && typeof window !== "undefined" && "ethereum" in window;

  const run = (variables: Record<string, unknown>) => connect.mutate(variables as never);

  return (
    <section className="card" data-testid="account-gate">
      <h2>{title ?? t("account.title")}</h2>
      <p className="muted">{t("account.explain")}</p>
      <label className="field">
        <span>{t("account.name")}</span>
        <input value={name} maxLength={64} onChange={(event) => setName(event.target.value)} placeholder={t("account.namePlaceholder")} autoComplete="nickname" />
      </label>
      <button
        type="button"
        className="primary"
        data-testid="sign-up"
        disabled={connect.isPending || !passkey}
        onClick={() => run({ connector: passkey, mode: "signUp", name: name.trim() || undefined })}
      >
        {t("account.signUp")}
      </button>
      <button type="button" data-testid="sign-in" disabled={connect.isPending || !passkey} onClick={() => run({ connector: passkey, mode: "signIn" })}>
        {t("account.signIn")}
      </button>
      {hasInjected && injected ? (
        <button type="button" data-testid="use-injected" disabled={connect.isPending} onClick={() => run({ connector: injected })}>
          {t("account.injected")}
        </button>
      ) : null}
      {connect.isPending ? <p className="muted">{t("account.waiting")}</p> : null}
      {connect.error ? <p className="error" role="alert">{errorText(connect.error)}</p> : null}
    </section>
  );
}
