// Runs the audit engine for the relayer's API: its own JSON-RPC client on the configured chain (not the
// relayer's — the audit must not read the chain through the code it audits), the ledger from the
// relayer's database, at most `maxConcurrent` audits at once (each reads every escrow log).
import { type Hex, createPublicClient, http } from "viem";
import {
  type AuditProgress,
  type ItemisedReceipt,
  InvalidPeriodError,
  ReceiptNotFoundError,
  periodEnd,
  periodStart,
  runAudit,
  verifyReceipt,
} from "@paykey/sdk/audit";
import type { AuditReport } from "@paykey/sdk/api/audit";
import type { RelayerContext } from "../context.ts";
import type { StoreRow } from "../commerce/stores.ts";
import { AuditHttpError } from "./errors.ts";
import { readItemisedReceipt } from "./itemisedReceipts.ts";
import { ledgerReader } from "./ledgerReader.ts";

export type AuditRunner = {
  reconcile(store: StoreRow, period: { from?: string | undefined; to?: string | undefined }, options?: { onProgress?: (progress: AuditProgress) => void; signal?: AbortSignal }): Promise<AuditReport>;
  verify(ref: Hex): ReturnType<typeof verifyReceipt>;
};

export function createAuditRunner(context: RelayerContext, { maxConcurrent = 2 } = {}): AuditRunner {
  const { config } = context;
  const client = createPublicClient({ transport: http(config.chain.rpcUrl, { timeout: 60_000, retryCount: 2 }) });
  let running = 0;

  const escrow = () => {
    if (!config.contracts.escrow) throw new AuditHttpError("escrow_unavailable", "No payment escrow is configured on this relayer.");
    return config.contracts.escrow;
  };

  /** Maps the engine's failures to refusals with a reason. */
  const refusal = (error: unknown): unknown => {
    if (error instanceof AuditHttpError) return error;
    if (error instanceof InvalidPeriodError) return new AuditHttpError("invalid_period", error.shortMessage, { details: error.details });
    if (error instanceof ReceiptNotFoundError) return new AuditHttpError("receipt_not_found", error.shortMessage, { details: error.details });
    if ((error as Error)?.name === "AbortError") return error;
    return new AuditHttpError("chain_unavailable", "The chain could not be read for the audit; retry shortly.", { cause: error });
  };

  return {
    async reconcile(store, period, options = {}) {
      if (store.merchant_id === null) throw new AuditHttpError("store_not_active", "This store is not registered on-chain yet; there is nothing to audit.");
      if (running >= maxConcurrent) throw new AuditHttpError("audit_busy", "Other audits are running; retry in a minute.");
      running += 1;
      try {
        return await runAudit({
          client,
          contracts: { escrow: escrow(), startBlock: config.contracts.startBlock },
          merchantId: BigInt(store.merchant_id),
          period: { from: period.from ? periodStart(period.from) : undefined, to: period.to ? periodEnd(period.to) : undefined },
          ledger: ledgerReader(context.store, escrow()),
          onProgress: options.onProgress,
          signal: options.signal,
          now: context.now,
        });
      } catch (error) {
        throw refusal(error);
      } finally {
        running -= 1;
      }
    },
    async verify(ref) {
      try {
        return await verifyReceipt(client, {
          escrow: escrow(),
          entryPoint: config.contracts.entryPoint,
          ref,
          fromBlock: config.contracts.startBlock,
          itemised: (paymentId): Promise<ItemisedReceipt | null> => readItemisedReceipt(context.store, paymentId),
        });
      } catch (error) {
        throw refusal(error);
      }
    },
  };
}
