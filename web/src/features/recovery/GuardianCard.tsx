// The wallet's recovery guardian (set on-chain with this device's passkey) and, when a guardian has
// proposed a new passkey, the warning with the time it takes effect and the way to cancel it.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type Address, getAddress, isAddress } from "viem";
import { useErrorText } from "../../app/errors.ts";
import { buildCancelRecoveryCall, buildSetGuardianCall, encodeGuardian } from "@paykey/sdk/wallet";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { useSendOperation } from "../operations/useSendOperation.ts";
import { recoveryNs } from "./i18n.ts";
import { hoursUntil, isAddressGuardian, useRecoveryState } from "./useRecoveryState.ts";

export function GuardianCard({ address }: { address: Address }) {
  const { t, i18n } = useTranslation(recoveryNs);
  const errorText = useErrorText();
  const operation = useSendOperation();
  const { state, refetch } = useRecoveryState(address, 5_000);
  const [guardian, setGuardian] = useState("");
  const [hours, setHours] = useState("48");
  const [invalid, setInvalid] = useState(false);

  const send = useMutation({
    mutationFn: async (calls: Parameters<typeof operation.send>[0]) => {
      operation.reset();
      await operation.send(calls);
    },
    onSettled: () => refetch(),
  });
  const setOnChain = () => {
    setInvalid(!isAddress(guardian.trim()));
    if (!isAddress(guardian.trim())) return;
    const delay = Math.min(720, Math.max(1, Number.parseInt(hours, 10) || 48)) * 3600;
    send.mutate([buildSetGuardianCall({ account: address, guardian: encodeGuardian({ type: "address", address: getAddress(guardian.trim()) }), recoveryDelay: delay })]);
  };
  const current = state?.guardian;

  return (
    <section className="card" data-testid="guardian">
      <h2>{t("guardian.title")}</h2>
      {state?.pending ? (
        <div className="notice" role="alert" data-testid="recovery-pending">
          <strong>{t("pending.title")}</strong>
          <p>{t("pending.explain", { time: new Date(state.pending.executableAt * 1000).toLocaleString(i18n.language), hours: hoursUntil(state.pending.executableAt) })}</p>
          <button type="button" className="primary" disabled={send.isPending} onClick={() => send.mutate([buildCancelRecoveryCall({ account: address })])} data-testid="cancel-recovery">
            {t("pending.cancel")}
          </button>
        </div>
      ) : null}
      <p className="muted small">{t("guardian.explain")}</p>
      <p data-testid="guardian-current">
        {current ? (
          <>
            {t("guardian.current")}
            <code>{isAddressGuardian(current) ? getAddress(current) : t("guardian.passkeyGuardian")}</code> · {t("guardian.delay", { hours: state!.delaySeconds / 3600 })}
          </>
        ) : (
          t("guardian.none")
        )}
      </p>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          setOnChain();
        }}
      >
        <label className="field">
          <span>{t("guardian.address")}</span>
          <input required placeholder="0x…" value={guardian} onChange={(event) => setGuardian(event.target.value)} data-testid="guardian-address" />
        </label>
        <label className="field">
          <span>{t("guardian.hours")}</span>
          <input type="number" min={1} max={720} value={hours} onChange={(event) => setHours(event.target.value)} data-testid="guardian-hours" />
        </label>
        {invalid ? <p className="error">{t("guardian.badAddress")}</p> : null}
        <button type="submit" disabled={send.isPending} data-testid="set-guardian">
          {t("guardian.save")}
        </button>
      </form>
      <p className="muted small">
        {t("guardian.lost")} <Link to="/recover">{`${window.location.origin}/recover`}</Link>
      </p>
      {send.isPending || send.error ? <OperationProgress /> : null}
      {send.error ? <p className="error" role="alert">{errorText(send.error)}</p> : null}
    </section>
  );
}
