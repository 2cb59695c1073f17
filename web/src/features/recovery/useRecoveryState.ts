// An account's recovery state read from the chain: its guardian and delay, the pending proposal (the
// proposed passkey and when it may be executed) and, when asked about one, whether a passkey owns it. An
// account not deployed yet has none of them.
import { type Address, type Hex, zeroHash } from "viem";
import { useReadContracts } from "wagmi";
import { paykeyAccountAbi } from "@paykey/sdk/contracts";

export type RecoveryState = {
  guardian: Hex | undefined;
  delaySeconds: number;
  pending: { qx: Hex; qy: Hex; executableAt: number } | undefined;
  /** Whether the passkey asked about is an owner of the account. */
  holdsPasskey: boolean;
};

/** Guardian bytes that are an address (20 bytes), not verifier ‖ passkey. */
export const isAddressGuardian = (guardian: Hex) => guardian.length === 42;

type GuardianRead = { address: Address | undefined; abi: typeof paykeyAccountAbi; functionName: "guardian" };
type PendingRead = { address: Address | undefined; abi: typeof paykeyAccountAbi; functionName: "pendingRecovery" };
type OwnerRead = { address: Address | undefined; abi: typeof paykeyAccountAbi; functionName: "isPasskey"; args: readonly [Hex, Hex] };

export function useRecoveryState(account: Address | undefined, refetchInterval: number | false = false, passkey?: { x: Hex; y: Hex }) {
  const reads = useReadContracts({
    contracts: [
      { address: account, abi: paykeyAccountAbi, functionName: "guardian" },
      { address: account, abi: paykeyAccountAbi, functionName: "pendingRecovery" },
      { address: account, abi: paykeyAccountAbi, functionName: "isPasskey", args: [passkey?.x ?? zeroHash, passkey?.y ?? zeroHash] },
    ].slice(0, passkey ? 3 : 2) as [GuardianRead, PendingRead, OwnerRead],
    query: { enabled: Boolean(account), refetchInterval },
  });
  const [guardian, pending, owner] = reads.data ?? [];
  const state: RecoveryState | undefined = reads.data
    ? {
        guardian: guardian?.status === "success" && guardian.result[0].length > 2 ? guardian.result[0] : undefined,
        delaySeconds: guardian?.status === "success" ? guardian.result[1] : 48 * 3600,
        pending:
          pending?.status === "success" && pending.result[2] !== 0
            ? { qx: pending.result[0], qy: pending.result[1], executableAt: pending.result[2] }
            : undefined,
        holdsPasskey: owner?.status === "success" && owner.result === true,
      }
    : undefined;
  return { state, refetch: reads.refetch };
}

/** "in about N h" from unix seconds. */
export function hoursUntil(unixSeconds: number): number {
  return Math.max(0, Math.ceil((unixSeconds * 1000 - Date.now()) / 3_600_000));
}
