// /guardian?account=…&x=…&y=… — the link a recovering device sends to its guardian. The guardian signs in
// with their own passkey wallet and proposes the new passkey on-chain (a sponsored call to the other
// account); after the delay, unless the owner cancelled, they finish the recovery.
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { type Hex, encodeFunctionData, getAddress, isAddress } from "viem";
import { useConnection } from "wagmi";
import { paykeyAccountAbi } from "@paykey/sdk/contracts";
import { buildProposeRecoveryCall } from "@paykey/sdk/wallet";
import { AccountGate } from "../features/account/AccountGate.tsx";
import { OperationProgress } from "../features/operations/OperationProgress.tsx";
import { useSendOperation } from "../features/operations/useSendOperation.ts";
import { recoveryNs } from "../features/recovery/i18n.ts";
import { hoursUntil, isAddressGuardian, useRecoveryState } from "../features/recovery/useRecoveryState.ts";
import { useErrorText } from "../app/errors.ts";

export function GuardianPage() {
  const { t, i18n } = useTranslation(recoveryNs);
  const errorText = useErrorText();
  const search = new URLSearchParams(useLocation().search);
  const { address, isConnected, connector } = useConnection();
  const operation = useSendOperation();
  const account = search.get("account") ?? "";
  const x = search.get("x") ?? "";
  const y = search.get("y") ?? "";
  const word = /^0x[0-9a-fA-F]{64}$/;
  const valid = isAddress(account) && word.test(x) && word.test(y);
  const target = valid ? getAddress(account) : undefined;
  const { state, refetch } = useRecoveryState(target, 3_000, { x: x as Hex, y: y as Hex });
  const act = useMutation({
    mutationFn: async (step: "propose" | "finish") => {
      operation.reset();
      await operation.send([
        step === "propose"
          ? buildProposeRecoveryCall({ account: target!, publicKey: { x: x as Hex, y: y as Hex }, guardianSignature: "0x" })
          : { to: target!, data: encodeFunctionData({ abi: paykeyAccountAbi, functionName: "executeRecovery" }) },
      ]);
    },
    onSettled: () => refetch(),
  });

  if (!valid) return <p className="error" data-testid="guardian-invalid">{t("recover.title")}</p>;
  if (!isConnected || connector?.type !== "paykey") return <AccountGate title={t("guardianPage.signIn")} />;
  const isGuardian = state?.guardian !== undefined && isAddressGuardian(state.guardian) && getAddress(state.guardian) === address;
  const proposal = state?.pending?.qx === x ? state.pending : undefined;

  return (
    <section className="card" data-testid="guardian-page">
      <h2>{t("guardianPage.title")}</h2>
      <p>{t("guardianPage.explain")}</p>
      <dl className="facts">
        <dt>{t("guardianPage.wallet")}</dt>
        <dd>
          <code>{target}</code>
        </dd>
        <dt>{t("guardianPage.passkey")}</dt>
        <dd>
          <code>{`${x.slice(0, 18)}…`}</code>
        </dd>
      </dl>
      {state?.holdsPasskey ? (
        <p className="ok" data-testid="guardian-done">{t("guardianPage.done")}</p>
      ) : !state ? null : !isGuardian ? (
        <p className="error" data-testid="not-guardian">{t("guardianPage.notGuardian")}</p>
      ) : proposal ? (
        <>
          <p data-testid="guardian-proposed">{t("guardianPage.proposed", { time: new Date(proposal.executableAt * 1000).toLocaleString(i18n.language) })}</p>
          <button type="button" className="primary" disabled={act.isPending || hoursUntil(proposal.executableAt) > 0} onClick={() => act.mutate("finish")} data-testid="guardian-finish">
            {t("guardianPage.finish")}
          </button>
        </>
      ) : (
        <>
          <p className="muted">{t("guardianPage.delay", { hours: state.delaySeconds / 3600 })}</p>
          <button type="button" className="primary big" disabled={act.isPending} onClick={() => act.mutate("propose")} data-testid="guardian-approve">
            {t("guardianPage.approve")}
          </button>
        </>
      )}
      {act.isPending || act.error ? <OperationProgress /> : null}
      {act.error ? <p className="error" role="alert">{errorText(act.error)}</p> : null}
    </section>
  );
}
