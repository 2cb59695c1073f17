// Where the current operation stands, step by step: sponsored → signed → submitted → bundled → included.
import { useTranslation } from "react-i18next";
import type { OperationStage } from "../../connector/progress.ts";
import { useOperationProgress } from "./useSendOperation.ts";

const passkeySteps: OperationStage[] = ["sponsoring", "signing", "submitted", "bundled", "included"];
const walletSteps: OperationStage[] = ["wallet", "included"];

export function OperationProgress() {
  const { t } = useTranslation();
  const progress = useOperationProgress();
  if (progress.stage === "idle") return null;
  const steps = progress.stage === "wallet" || (progress.stage === "included" && !progress.userOpHash) ? walletSteps : passkeySteps;
  const reached = steps.indexOf(progress.stage);
  return (
    <div className="progress" data-testid="operation-progress" data-stage={progress.stage} aria-live="polite">
      <ol>
        {steps.map((step, index) => {
          const state = progress.stage === "failed" ? "todo" : index < reached || progress.stage === "included" ? "done" : index === reached ? "now" : "todo";
          return (
            <li key={step} className={`step step-${state}`}>
              {t(`progress.${step}`)}
            </li>
          );
        })}
      </ol>
      {progress.stage === "failed" ? <p className="error">{t("progress.failed")}</p> : null}
    </div>
  );
}
