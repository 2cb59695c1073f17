// The payment's steps as the chain records them, each with its transaction, block, log index and user
// operation (and an explorer link where the deployment has an explorer).
import { useTranslation } from "react-i18next";
import type { Hex } from "viem";
import { useAppConfig } from "../../app/ConfigContext.tsx";
import type { ChainPaymentStep } from "./readChainReceipt.ts";

export function ReceiptHistory({ steps, money }: { steps: readonly ChainPaymentStep[]; money: (amount: bigint) => string }) {
  const { t, i18n } = useTranslation();
  const { explorerUrl } = useAppConfig();
  const transaction = (hash: Hex) =>
    explorerUrl ? (
      <a href={`${explorerUrl}/tx/${hash}`} target="_blank" rel="noreferrer" data-testid="step-tx">
        {hash}
      </a>
    ) : (
      <code data-testid="step-tx">{hash}</code>
    );
  return (
    <ol className="history" data-testid="receipt-history">
      {steps.map((step) => (
        <li key={`${step.transactionHash}-${step.logIndex}`} data-testid="history-step" data-kind={step.kind}>
          <div className="list-row">
            <strong>{t(`status.${step.kind}`)}</strong>
            <span data-testid="step-amount">{money(step.amount)}</span>
            <span className="muted small">{new Date(step.timestamp * 1000).toLocaleString(i18n.language)}</span>
          </div>
          <dl className="facts small">
            <dt>{t("receipt.transaction")}</dt>
            <dd className="hash">{transaction(step.transactionHash)}</dd>
            <dt>{t("receipt.block")}</dt>
            <dd data-testid="step-block">{step.blockNumber.toString()}</dd>
            <dt>{t("receipt.logIndex")}</dt>
            <dd data-testid="step-log-index">{step.logIndex}</dd>
            <dt>{t("receipt.userOp")}</dt>
            <dd className="hash">
              <code data-testid="step-userop">{step.userOpHash ?? t("receipt.noUserOp")}</code>
            </dd>
            {step.fee !== undefined ? (
              <>
                <dt>{t("receipt.fee")}</dt>
                <dd>{money(step.fee)}</dd>
              </>
            ) : null}
          </dl>
        </li>
      ))}
    </ol>
  );
}
