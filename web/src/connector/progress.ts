// Where an operation the wallet is sending stands, for the page to show: the relayer sponsors it, the passkey
// signs it, the bundler takes it, puts it in a transaction, and the chain includes it. A browser wallet paying
// its own gas goes through `wallet` then `included`.
import type { Hex } from "viem";

export type OperationStage = "idle" | "sponsoring" | "signing" | "submitted" | "bundled" | "included" | "failed" | "wallet";

export type OperationProgress = {
  stage: OperationStage;
  userOpHash?: Hex | undefined;
  transactionHash?: Hex | undefined;
  /** Short reason when `failed`. */
  error?: string | undefined;
  /** The stage the operation was at when it failed. */
  failedAt?: OperationStage | undefined;
};

type Listener = (progress: OperationProgress) => void;

/** A tiny observable value (React reads it with useSyncExternalStore). */
export function createProgressStore() {
  let current: OperationProgress = { stage: "idle" };
  const listeners = new Set<Listener>();
  return {
    get: () => current,
    set(next: OperationProgress) {
      current = next;
      for (const listener of listeners) listener(current);
    },
    update(patch: Partial<OperationProgress>) {
      this.set({ ...current, ...patch });
    },
    /** Marks the operation failed, remembering where. */
    fail(error?: string) {
      if (current.stage !== "failed") this.set({ ...current, stage: "failed", failedAt: current.stage, error });
    },
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type ProgressStore = ReturnType<typeof createProgressStore>;

/** The one progress value of the app's wallet operations (one operation at a time). */
export const operationProgress = createProgressStore();
