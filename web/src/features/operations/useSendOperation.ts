// Sends a batch of calls from the connected wallet with wagmi's useSendCalls (EIP-5792) and waits for it.
// The passkey wallet makes one sponsored user operation of the batch; an injected wallet that does not speak
// EIP-5792 falls back to one transaction per call (approve, then authorize) and pays its own gas.
import { useSyncExternalStore } from "react";
import type { Hex, RpcLog } from "viem";
import { useConfig, useConnection, useSendCalls } from "wagmi";
import { waitForCallsStatus } from "wagmi/actions";
import { operationProgress } from "../../connector/progress.ts";
import { OperationFailedError, type Call } from "../../connector/sponsoredOperations.ts";

export type SentOperation = { id: string; transactionHash: Hex; logs: RpcLog[] };

export function useOperationProgress() {
  return useSyncExternalStore(operationProgress.subscribe, operationProgress.get);
}

export function useSendOperation() {
  const config = useConfig();
  const { connector } = useConnection();
  const sendCalls = useSendCalls();
  const progress = useOperationProgress();
  const passkey = connector?.type === "paykey";

  async function send(calls: readonly Call[]): Promise<SentOperation> {
    if (!passkey) operationProgress.set({ stage: "wallet" });
    try {
      const { id } = await sendCalls.mutateAsync({
        calls: calls.map((call) => ({ to: call.to, data: call.data, value: call.value })),
        // Only a wallet without EIP-5792 needs the one-transaction-per-call fallback.
        ...(passkey ? {} : { experimental_fallback: true }),
      });
      const result = await waitForCallsStatus(config, { id, pollingInterval: 300, timeout: 180_000 });
      const receipts = result.receipts ?? [];
      const last = receipts.at(-1);
      if (result.status !== "success" || !last) {
        throw new OperationFailedError({ userOpHash: id as Hex, reason: `status ${result.statusCode}` });
      }
      if (!passkey) operationProgress.set({ stage: "included", transactionHash: last.transactionHash });
      return { id, transactionHash: last.transactionHash, logs: receipts.flatMap((receipt) => receipt.logs as unknown as RpcLog[]) };
    } catch (error) {
      operationProgress.fail();
      throw error;
    }
  }

  return { send, progress, pending: sendCalls.isPending, passkey, reset: () => operationProgress.set({ stage: "idle" }) };
}
