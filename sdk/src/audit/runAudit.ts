// One reconciliation, end to end: the period → blocks, every escrow log from the deployment's first block
// to the period's last (read over JSON-RPC, never from the relayer), the merchant's books rebuilt from
// them, conservation checked against the escrow's token balances at the period's end, the ledger read
// and compared, and the report sealed. The CLI (scripts/audit.ts), the relayer's /api/audit routes and
// anything else that audits call this one function.
import { type Address, type Client, type Hex, erc20Abi } from "viem";
import { getBlock, getChainId, readContract } from "viem/actions";
import type { AuditReport } from "../api/audit.ts";
import { type AuditPeriod, resolveBlockRange } from "./blockRange.ts";
import { createBooksBuilder } from "./books.ts";
import { escrowLogSource } from "./escrowSource.ts";
import type { LedgerReader, LedgerSnapshot } from "./ledger.ts";
import { reconcile, type Difference } from "./reconcile.ts";
import { bookTotals, differenceJson, paymentJson, sealReport, summarize } from "./report.ts";
import { type ScanLogsParameters, scanLogs } from "./scanLogs.ts";

export type AuditContracts = {
  escrow: Address;
  /** The FX router, once deployed (its conversions join the books when its log source lands). */
  fxRouter?: Address | null | undefined;
  /** The deployment's first block: logs are read from here so every payment's history is complete. */
  startBlock: bigint;
};

export type AuditProgress = {
  phase: "range" | "scan" | "conservation" | "ledger" | "reconcile" | "done";
  blocksScanned: bigint;
  totalBlocks: bigint;
  logs: number;
  logsPerSecond: number;
  elapsedMs: number;
};

export type RunAuditParameters = {
  client: Client;
  contracts: AuditContracts;
  merchantId: bigint;
  period: AuditPeriod;
  /** Newest block the audit may read (default: the latest). */
  head?: bigint | undefined;
  /** Where the relayer's ledger is read from; without one the books are rebuilt and checked but not compared. */
  ledger?: LedgerReader | undefined;
  onProgress?: ((progress: AuditProgress) => void) | undefined;
  scan?: Pick<ScanLogsParameters, "initialStep" | "maxStep" | "targetLogs"> | undefined;
  /** Put every rebuilt payment in the report (default true). */
  includePayments?: boolean | undefined;
  now?: (() => Date) | undefined;
  /** Stops the audit between two eth_getLogs calls (the promise rejects with the signal's reason). */
  signal?: AbortSignal | undefined;
};

export type RunAuditReturnType = AuditReport;

export async function runAudit(parameters: RunAuditParameters): Promise<RunAuditReturnType> {
  const { client, contracts, merchantId, onProgress } = parameters;
  const now = parameters.now ?? (() => new Date());
  const started = performance.now();
  const progress = { blocksScanned: 0n, totalBlocks: 0n, logs: 0 };
  const report = (phase: AuditProgress["phase"]) => {
    const elapsedMs = performance.now() - started;
    onProgress?.({ phase, ...progress, logsPerSecond: elapsedMs > 0 ? Math.round((progress.logs * 1000) / elapsedMs) : 0, elapsedMs });
  };

  // Period → blocks.
  report("range");
  const [chainId, range] = await Promise.all([
    getChainId(client),
    resolveBlockRange(client, parameters.period, { earliest: contracts.startBlock, head: parameters.head }),
  ]);
  const fromBlock = range.from.number;
  const toBlock = range.to.number;
  progress.totalBlocks = toBlock - contracts.startBlock + 1n;

  // Rebuild: every escrow payment log up to the period's end, in chain order.
  const escrow = escrowLogSource(contracts.escrow);
  const books = createBooksBuilder({ merchantId, fromBlock, toBlock });
  const blockHashes = new Map<bigint, Hex>([
    [range.from.number, range.from.hash],
    [range.to.number, range.to.hash],
  ]);
  let calls = 0;
  const rebuildStarted = performance.now();
  for await (const scanned of scanLogs(client, {
    address: [contracts.escrow],
    topics: [escrow.topics],
    fromBlock: contracts.startBlock,
    toBlock,
    ...parameters.scan,
  })) {
    calls += 1;
    parameters.signal?.throwIfAborted();
    for (const log of scanned.logs) {
      const event = escrow.decode(log);
      if (!event) continue;
      books.add(event);
      blockHashes.set(event.blockNumber, event.blockHash);
    }
    progress.blocksScanned = scanned.toBlock - contracts.startBlock + 1n;
    progress.logs += scanned.logs.length;
    report("scan");
  }
  const built = books.finish();

  // Conservation: the escrow's balance of each token at the period's end covers what it still holds.
  report("conservation");
  const tokens = await Promise.all(
    [...built.held].map(async ([token, held]) => {
      const balance = await readContract(client, { address: token, abi: erc20Abi, functionName: "balanceOf", args: [contracts.escrow], blockNumber: toBlock });
      return { token, balance: String(balance), held: String(held), ok: balance >= held };
    }),
  );
  const conservationOk = tokens.every((token) => token.ok) && built.violations.length === 0;
  const rebuildMs = performance.now() - rebuildStarted;

  // Compare with the ledger.
  let ledger: LedgerSnapshot | undefined;
  let differences: Difference[] = [];
  const reconcileStarted = performance.now();
  if (parameters.ledger) {
    report("ledger");
    ledger = await parameters.ledger({ merchantId, fromBlock, toBlock, paymentIds: [...built.payments.keys()] });
    report("reconcile");
    differences = await reconcile({
      books: built,
      ledger,
      async blockHash(blockNumber) {
        if (!blockHashes.has(blockNumber)) {
          const block = await getBlock(client, { blockNumber }).catch(() => undefined);
          if (!block) return null;
          blockHashes.set(blockNumber, block.hash);
        }
        return blockHashes.get(blockNumber)!;
      },
    });
  }
  const reconcileMs = performance.now() - reconcileStarted;

  const time = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();
  const sealed = sealReport({
    version: 1,
    generatedAt: now().toISOString(),
    chainId,
    merchantId: String(merchantId),
    contracts: { escrow: contracts.escrow.toLowerCase(), fxRouter: contracts.fxRouter?.toLowerCase() ?? null, startBlock: String(contracts.startBlock) },
    period: {
      from: parameters.period.from?.toISOString() ?? null,
      to: parameters.period.to?.toISOString() ?? null,
      fromBlock: { number: String(range.from.number), hash: range.from.hash, time: time(range.from.timestamp) },
      toBlock: { number: String(range.to.number), hash: range.to.hash, time: time(range.to.timestamp) },
    },
    scan: { blocks: String(progress.totalBlocks), logs: progress.logs, calls, rebuildMs: Math.round(rebuildMs), reconcileMs: Math.round(reconcileMs) },
    conservation: {
      ok: conservationOk,
      paymentsFollowed: built.paymentsSeen,
      tokens,
      violations: built.violations.map((violation) => ({ ...violation, blockNumber: String(violation.blockNumber) })),
    },
    books: { payments: built.payments.size, events: built.events.length, totals: bookTotals(built) },
    ledger: ledger
      ? {
          source: ledger.source,
          indexedThrough: ledger.indexedThrough === null ? null : String(ledger.indexedThrough),
          payments: ledger.payments.length,
          events: ledger.events.length,
        }
      : null,
    summary: summarize(differences, conservationOk),
    differences: differences.map(differenceJson),
    payments: parameters.includePayments === false ? [] : [...built.payments.values()].map(paymentJson),
  });
  report("done");
  return sealed;
}
