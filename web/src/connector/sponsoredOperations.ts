// Sends the passkey account's calls as one sponsored ERC-4337 user operation through the relayer (viem's
// bundler client + ERC-7677 paymaster client on `/rpc`), reporting each stage: sponsored (paymaster data
// signed), signed (passkey), submitted, bundled (in a transaction), included (receipt). While the relayer
// has the operation pending, each status request waits there for the next change (no fixed poll).
import type { Chain, Client, Hex, RpcLog, Transport } from "viem";
import { BaseError, http } from "viem";
import {
  type BundlerClient,
  createBundlerClient,
  createPaymasterClient,
} from "viem/account-abstraction";
import type { UserOperationStatus, UserOperationStatusWait } from "@paykey/sdk/api";
import type { ToPaykeyAccountReturnType } from "@paykey/sdk/wallet";
import type { ProgressStore } from "./progress.ts";
import { withPasskeyErrors } from "./webauthn.ts";

export type Call = { to: Hex; data?: Hex | undefined; value?: bigint | undefined };

/** An EIP-5792 call receipt (JSON-RPC form): the bundle transaction, with this operation's own logs. */
export type CallsReceipt = {
  transactionHash: Hex;
  blockHash: Hex;
  blockNumber: Hex;
  gasUsed: Hex;
  status: "0x1" | "0x0";
  logs: RpcLog[];
};

export type OperationStatus = {
  userOpHash: Hex;
  /** `pending` until the receipt exists. */
  status: "pending" | "success" | "reverted" | "dropped";
  transactionHash: Hex | null;
  receipt: CallsReceipt | null;
  reason: string | null;
};

type RpcUserOperationReceipt = {
  success: boolean;
  reason?: string;
  actualGasUsed: Hex;
  logs: RpcLog[];
  receipt: { transactionHash: Hex; blockHash: Hex; blockNumber: Hex };
};

export type OperationFailedErrorType = OperationFailedError;

/** The operation was dropped by the bundler or reverted on-chain. */
export class OperationFailedError extends BaseError {
  override name = "OperationFailedError";
  constructor({ userOpHash, reason }: { userOpHash: Hex; reason: string | null }) {
    super("The payment did not go through; nothing was taken. Try again.", { details: `${userOpHash}: ${reason ?? "reverted"}` });
  }
}

export type SponsoredSender = ReturnType<typeof createSponsoredSender>;

export function createSponsoredSender(parameters: {
  account: ToPaykeyAccountReturnType;
  publicClient: Client<Transport, Chain>;
  /** Absolute URL of the relayer's JSON-RPC (bundler and paymaster). */
  rpcUrl: string;
  progress: ProgressStore;
  pollingInterval?: number;
}) {
  const { account, publicClient, rpcUrl, progress, pollingInterval = 250 } = parameters;
  const bundler: BundlerClient = createBundlerClient({
    account,
    client: publicClient,
    chain: publicClient.chain,
    transport: http(rpcUrl),
    paymaster: createPaymasterClient({ transport: http(rpcUrl) }),
    pollingInterval,
  });

  async function relayerStatus(userOpHash: Hex, wait?: UserOperationStatusWait): Promise<UserOperationStatus> {
    const params = wait ? [userOpHash, wait] : [userOpHash];
    return (await bundler.request({ method: "paykey_getUserOperationStatus" as never, params: params as never })) as UserOperationStatus;
  }

  /** The operation's current status (receipt when included): the follower's last look when one runs. */
  async function status(userOpHash: Hex): Promise<OperationStatus> {
    if (following.has(userOpHash)) {
      return latest.get(userOpHash) ?? { userOpHash, status: "pending", transactionHash: null, receipt: null, reason: null };
    }
    return lookUp(userOpHash);
  }

  async function lookUp(userOpHash: Hex): Promise<OperationStatus> {
    return (await look(userOpHash)).status;
  }

  /** The status, and where the relayer's outbox has a pending operation (what the next look may wait on). */
  async function look(userOpHash: Hex, wait?: UserOperationStatusWait): Promise<{ status: OperationStatus; outbox?: UserOperationStatusWait["from"] }> {
    const found = await relayerStatus(userOpHash, wait);
    const outbox = found?.status === "received" || found?.status === "submitted" ? found.status : undefined;
    return { status: await statusFrom(userOpHash, found), outbox };
  }

  async function statusFrom(userOpHash: Hex, found: UserOperationStatus): Promise<OperationStatus> {
    if (!found) return { userOpHash, status: "pending", transactionHash: null, receipt: null, reason: null };
    if (found.status === "failed" || found.status === "replaced") {
      return { userOpHash, status: "dropped", transactionHash: found.transactionHash, receipt: null, reason: found.reason };
    }
    if (found.status !== "included") return { userOpHash, status: "pending", transactionHash: found.transactionHash, receipt: null, reason: null };
    // A wait asked for the receipt with the status; a plain look asks for it now.
    const raw = (found.receipt ??
      (await bundler.request({
        method: "eth_getUserOperationReceipt",
        params: [userOpHash],
      }))) as unknown as RpcUserOperationReceipt | null;
    if (!raw) return { userOpHash, status: "pending", transactionHash: found.transactionHash, receipt: null, reason: null };
    const { transactionHash, blockHash, blockNumber } = raw.receipt;
    return {
      userOpHash,
      status: raw.success ? "success" : "reverted",
      transactionHash,
      receipt: { transactionHash, blockHash, blockNumber, gasUsed: raw.actualGasUsed, status: raw.success ? "0x1" : "0x0", logs: raw.logs },
      reason: raw.reason ?? null,
    };
  }

  const following = new Map<Hex, Promise<OperationStatus>>();
  const latest = new Map<Hex, OperationStatus>();

  /** Follows a submitted operation to its end, updating the progress (one poller per operation). */
  function follow(userOpHash: Hex): Promise<OperationStatus> {
    let promise = following.get(userOpHash);
    if (!promise) {
      promise = track(userOpHash);
      following.set(userOpHash, promise);
    }
    return promise;
  }

  async function track(userOpHash: Hex, timeoutMs = 120_000): Promise<OperationStatus> {
    const deadline = Date.now() + timeoutMs;
    let wait: UserOperationStatusWait | undefined;
    while (Date.now() < deadline) {
      const looked = await look(userOpHash, wait).catch(() => undefined);
      const current = looked?.status;
      if (current) latest.set(userOpHash, current);
      if (current?.transactionHash && progress.get().stage === "submitted") {
        progress.update({ stage: "bundled", transactionHash: current.transactionHash });
      }
      if (current && current.status !== "pending") {
        if (current.status === "success") progress.update({ stage: "included", transactionHash: current.transactionHash ?? undefined });
        else progress.fail(current.reason ?? current.status);
        return current;
      }
      // Pending at the relayer: the next request waits there until the status moves on (at most
      // 8 s: the relayer's cap is 10 s, and so is the HTTP transport's timeout). Unknown or
      // unreachable: look again shortly.
      const waitMs = Math.min(8_000, deadline - Date.now());
      wait = looked?.outbox && waitMs > 0 ? { from: looked.outbox, waitMs, receipt: true } : undefined;
      if (!wait) await new Promise((resolve) => setTimeout(resolve, pollingInterval));
    }
    progress.fail("timeout");
    const timedOut: OperationStatus = { userOpHash, status: "dropped", transactionHash: null, receipt: null, reason: "timeout" };
    latest.set(userOpHash, timedOut);
    return timedOut;
  }

  /** Prepares (sponsored), signs (passkey) and submits the calls; resolves with the user operation hash. */
  async function send(calls: readonly Call[]): Promise<Hex> {
    progress.set({ stage: "sponsoring" });
    try {
      const prepared = await bundler.prepareUserOperation({
        account,
        calls: calls.map((call) => ({ to: call.to, data: call.data ?? "0x", value: call.value ?? 0n })),
      });
      progress.set({ stage: "signing" });
      const signature = await withPasskeyErrors(() => account.signUserOperation(prepared));
      const userOpHash = await bundler.sendUserOperation({ ...prepared, account, signature } as never);
      progress.set({ stage: "submitted", userOpHash });
      void follow(userOpHash);
      return userOpHash;
    } catch (error) {
      progress.fail(shortMessageOf(error));
      throw error;
    }
  }

  /** Sends and waits for inclusion; throws OperationFailedError when dropped or reverted. */
  async function sendAndWait(calls: readonly Call[]): Promise<OperationStatus> {
    const userOpHash = await send(calls);
    const final = await follow(userOpHash);
    if (final.status !== "success") throw new OperationFailedError({ userOpHash, reason: final.reason });
    return final;
  }

  return { bundler, send, status, follow, sendAndWait };
}

/**
 * What a person should read about an error: the relayer's own reason when a JSON-RPC call was refused
 * (viem keeps it as the RPC error's details), else the short message.
 */
export function shortMessageOf(error: unknown): string {
  if (error instanceof BaseError) {
    const rpc = error.walk((inner) => typeof (inner as { code?: unknown }).code === "number" && Boolean((inner as BaseError).details));
    if (rpc instanceof BaseError && rpc.details) return rpc.details;
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
