// An account's recovery state read from the chain: its guardian and delay, and the pending proposal
// (the proposed passkey and when it may be executed). An account not deployed yet has neither.
import { type Address, type Hex, size } from "viem";
import { useReadContracts } from "wagmi";
import { paykeyAccountAbi } from "@paykey/sdk/contracts";

export type RecoveryState = {
  guardian: Hex | undefined;
  delaySeconds: number;
  pending: { qx: Hex; qy: Hex; executableAt: number } | undefined;
};

export function useRecoveryState(account: Address | undefined, refetchInterval: number | false = false) {
  const reads = useReadContracts({
    contracts: [
      { address: account, abi: paykeyAccountAbi, functionName: "guardian" },
      { address: account, abi: paykeyAccountAbi, functionName: "pendingRecovery" },
    ] as const,
    query: { enabled: Boolean(account), refetchInterval },
  });
  const [guardian, pending] = reads.data ?? [];
  const state: RecoveryState | undefined = reads.data
    ? {
        guardian: guardian?.status === "success" && size(guardian.result[0]) > 0 ? guardian.result[0] : undefined,
        delaySeconds: guardian?.status === "success" ? guardian.result[1] : 48 * 3600,
        pending:
          pending?.status === "success" && pending.result[2] !== 0
            ? { qx: pending.result[0], qy: pending.result[1], executableAt: pending.result[2] }
            : undefined,
      }
    : undefined;
  return { state, refetch: reads.refetch };
}

/** "in about N h" from unix seconds. */
export function hoursUntil(unixSeconds: number): number {
  return Math.max(0, Math.ceil((unixSeconds * 1000 - Date.now()) / 3_600_000));
}
