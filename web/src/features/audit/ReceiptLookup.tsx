// Look up any receipt by payment id, transaction hash or user-operation hash, verified by this browser
// itself: the SDK's verifyReceipt reads the escrow's events from the chain (the same function the relayer's
// API and `npm run audit -- receipt` run) and checks the itemised receipt the relayer serves against them.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Hex } from "viem";
import { useClient } from "wagmi";
import type { Payment } from "@paykey/sdk/api";
import { type VerifiedReceipt, verifyReceipt } from "@paykey/sdk/audit";
import { formatMoney } from "@paykey/sdk/money";
import { ApiError, api } from "../../api/http.ts";
import { useAppConfig } from "../../app/ConfigContext.tsx";
import { useAuditErrorText } from "./auditErrors.ts";

const refPattern = /^0x[0-9a-fA-F]{64}$/;

async function itemisedReceipt(paymentId: Hex) {
  try {
    const { payment } = await api.get<{ payment: Payment }>(`/api/payments/${paymentId}`);
    return payment.request ? { orderRef: payment.request.orderRef, lineItems: payment.request.lineItems } : null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function ReceiptLookup() {
  const { t } = useTranslation();
  const errorText = useAuditErrorText();
  const config = useAppConfig();
  const client = useClient();
  const [ref, setRef] = useState("");
  const verify = useMutation({
    mutationFn: (value: Hex) =>
      verifyReceipt(client!, { escrow: config.contracts.paymentEscrow!, entryPoint: config.contracts.entryPoint, ref: value, itemised: itemisedReceipt }),
  });
  const valid = refPattern.test(ref.trim());
  return (
    <section className="card" data-testid="audit-receipt">
      <h2>{t("audit.receipt.title")}</h2>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) verify.mutate(ref.trim().toLowerCase() as Hex);
        }}
      >
        <label className="field">
          <span>{t("audit.receipt.ref")}</span>
          <input data-testid="audit-receipt-ref" value={ref} spellCheck={false} autoComplete="off" placeholder="0x…" onChange={(event) => setRef(event.target.value)} />
        </label>
        {ref && !valid ? <p className="error small">{t("audit.receipt.invalid")}</p> : null}
        <button type="submit" className="primary" data-testid="audit-receipt-verify" disabled={!valid || verify.isPending || !client || !config.contracts.paymentEscrow}>
          {t("audit.receipt.verify")}
        </button>
      </form>
      {verify.isPending ? <p className="muted">{t("common.loading")}</p> : null}
      {verify.error ? (
        <p className="error" role="alert" data-testid="audit-receipt-error">
          {errorText(verify.error)}
        </p>
      ) : null}
      {verify.data ? (
        <div className="stack" data-testid="audit-receipt-result" data-matched={verify.data.matchedAs}>
          <p className="muted small">{t(`audit.receipt.matchedAs.${verify.data.matchedAs}`)}</p>
          {verify.data.receipts.map((receipt) => (
            <VerifiedReceiptView key={receipt.chain.paymentId} receipt={receipt} />
          ))}
        </div>
      ) : null}
    </section>
  );
}

function VerifiedReceiptView({ receipt }: { receipt: VerifiedReceipt }) {
  const { t, i18n } = useTranslation();
  const config = useAppConfig();
  const { chain, verification } = receipt;
  const token = config.tokens.find((candidate) => candidate.address.toLowerCase() === chain.steps[0]?.token.toLowerCase());
  const money = (amount: bigint) => formatMoney({ amount, decimals: token?.decimals ?? 6, currency: token?.currency ?? "USD", locale: i18n.language });
  return (
    <div className="stack" data-testid="audit-verified-receipt" data-state={verification.state} data-payment={chain.paymentId}>
      <div className={`verification verification-${verification.state}`} role={verification.state === "mismatch" ? "alert" : undefined}>
        <strong>{t(`audit.receipt.state.${verification.state}`)}</strong>
        {verification.checks.length > 0 ? (
          <ul>
            {verification.checks.map((check) => (
              <li key={check.name} data-testid="audit-receipt-check" data-ok={String(check.ok)}>
                {check.ok ? "✓" : "✗"} {t(`audit.receipt.check.${check.name}`)}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <p>
        <span className={`badge badge-${chain.status}`} data-testid="audit-receipt-status">
          {t(`status.${chain.status}`)}
        </span>{" "}
        {money(chain.authorized)} · <Link to={`/receipt/${chain.paymentId}`}>{t("audit.receipt.open")}</Link>
      </p>
      <ol className="history">
        {chain.steps.map((step) => (
          <li key={`${step.transactionHash}-${step.logIndex}`} data-testid="audit-receipt-step" data-kind={step.kind}>
            <strong>{t("audit.receipt.step", { kind: t(`status.${step.kind}`), block: step.blockNumber.toString() })}</strong> {money(step.amount)}
            <dl className="facts small">
              <dt>{t("audit.receipt.transaction")}</dt>
              <dd className="hash"><code>{step.transactionHash}</code></dd>
              <dt>{t("audit.receipt.userOp")}</dt>
              <dd className="hash"><code data-testid="audit-receipt-userop">{step.userOpHash ?? "—"}</code></dd>
            </dl>
          </li>
        ))}
      </ol>
    </div>
  );
}
