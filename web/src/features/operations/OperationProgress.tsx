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
  const failed = progress.stage === "failed";
  const stage = failed ? (progress.failedAt ?? "idle") : progress.stage;
  const steps = stage === "wallet" || (stage === "included" && !progress.userOpHash) ? walletSteps : passkeySteps;
  const reached = steps.indexOf(stage);
  return (
    <div className="progress" data-testid="operation-progress" data-stage={progress.stage} aria-live="polite">
      <ol>
        {steps.map((step, index) => {
          const state =
            index < reached || stage === "included" ? "done" : index === reached ? (failed ? "failed" : "now") : "todo";
          return (
            <li key={step} className={`step step-${state}`}>
              {t(`progress.${step}`)}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
