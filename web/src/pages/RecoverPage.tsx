// /recover — on a new device, when every device of a wallet is lost: create a passkey here (kept pending by
// the relayer), send the link to the guardian, follow the proposal and its delay on-chain, and sign in once
// the chain lists the new passkey as an owner.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { type Address, type Hex, getAddress, isAddress } from "viem";
import { useConnect, useConnectors } from "wagmi";
import { api } from "../api/http.ts";
import type { RecoveryVerify } from "@paykey/sdk/api/counter";
import { type CreationOptionsJson, createPasskey } from "../connector/webauthn.ts";
import { useErrorText } from "../app/errors.ts";
import { useQrCode } from "../features/merchant/useQrCode.ts";
import { recoveryNs } from "../features/recovery/i18n.ts";
import { hoursUntil, useRecoveryState } from "../features/recovery/useRecoveryState.ts";

type Recovery = RecoveryVerify & { account: Address };
const storageKey = "paykey.recovery";

function loadRecovery(): Recovery | undefined {
  try {
    return (JSON.parse(localStorage.getItem(storageKey) ?? "null") as Recovery | null) ?? undefined;
  } catch {
    return undefined;
  }
}

export function RecoverPage() {
  const [recovery, setRecovery] = useState(loadRecovery);
  if (!recovery) return <StartRecovery onStarted={setRecovery} />;
  return (
    <RecoveryStatus
      recovery={recovery}
      onReset={() => {
        localStorage.removeItem(storageKey);
        setRecovery(undefined);
      }}
    />
  );
}

function StartRecovery({ onStarted }: { onStarted: (recovery: Recovery) => void }) {
  const { t } = useTranslation(recoveryNs);
  const errorText = useErrorText();
  const [account, setAccount] = useState("");
  const start = useMutation({
    mutationFn: async () => {
      const address = getAddress(account.trim());
      const { options } = await api.post<{ options: CreationOptionsJson }>("/api/recovery/options", { account: address });
      const response = await createPasskey(options);
      const verified = await api.post<RecoveryVerify>("/api/recovery/verify", { account: address, response });
      const recovery: Recovery = { ...verified, account: address };
      localStorage.setItem(storageKey, JSON.stringify(recovery));
      return recovery;
    },
    onSuccess: onStarted,
  });
  return (
    <section className="card" data-testid="recover">
      <h2>{t("recover.title")}</h2>
      <p className="muted">{t("recover.explain")}</p>
      <label className="field">
        <span>{t("recover.account")}</span>
        <input placeholder="0x…" value={account} onChange={(event) => setAccount(event.target.value)} data-testid="recover-account" />
      </label>
      <button type="button" className="primary" disabled={!isAddress(account.trim()) || start.isPending} onClick={() => start.mutate()} data-testid="recover-start">
        {t("recover.create")}
      </button>
      {start.error ? <p className="error" role="alert">{errorText(start.error)}</p> : null}
    </section>
  );
}

function RecoveryStatus({ recovery, onReset }: { recovery: Recovery; onReset: () => void }) {
  const { t, i18n } = useTranslation(recoveryNs);
  const errorText = useErrorText();
  const navigate = useNavigate();
  const connectors = useConnectors();
  const connect = useConnect();
  const qr = useQrCode(recovery.guardianUrl, 220);
  const { x, y } = recovery.credential.publicKey as { x: Hex; y: Hex };
  const { state } = useRecoveryState(recovery.account, 3_000, { x, y });
  const finish = useMutation({
    mutationFn: async () => {
      await api.post("/api/recovery/complete", { credentialId: recovery.credential.id });
      await connect.connectAsync({ connector: connectors.find((connector) => connector.type === "paykey")!, mode: "signIn" } as never);
      localStorage.removeItem("paykey.recovery");
      await navigate("/wallet");
    },
  });
  const proposal = state?.pending?.qx === x ? state.pending : undefined;
  const phase = state?.holdsPasskey ? "done" : proposal ? (hoursUntil(proposal.executableAt) === 0 ? "ready" : "proposed") : "waiting";

  return (
    <section className="card" data-testid="recovery-status" data-phase={phase}>
      <h2>{t("recover.title")}</h2>
      {phase === "done" ? (
        <>
          <p className="ok">{t("recover.done")}</p>
          <button type="button" className="primary big" disabled={finish.isPending} onClick={() => finish.mutate()} data-testid="recover-sign-in">
            {t("recover.signIn")}
          </button>
        </>
      ) : (
        <>
          <p>{t("recover.created")}</p>
          <div className="qr">
            {qr ? <img src={qr} width={220} height={220} alt="" /> : null}
            <p className="small">
              <a href={recovery.guardianUrl} data-testid="guardian-link">
                {recovery.guardianUrl}
              </a>
            </p>
          </div>
          <p aria-live="polite" data-testid="recover-phase">
            {phase === "waiting"
              ? t("recover.waiting")
              : phase === "ready"
                ? t("recover.ready")
                : t("recover.proposed", { time: new Date(proposal!.executableAt * 1000).toLocaleString(i18n.language), hours: hoursUntil(proposal!.executableAt) })}
          </p>
        </>
      )}
      {finish.error ? <p className="error" role="alert">{errorText(finish.error)}</p> : null}
      <button type="button" className="link" onClick={onReset}>
        {t("recover.startOver")}
      </button>
    </section>
  );
}
