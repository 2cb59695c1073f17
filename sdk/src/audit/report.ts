// The reconciliation report: JSON (the shape of `auditReport` in @paykey/sdk/api/audit) sealed with the
// SHA-256 of its own serialisation, and a CSV of its differences headed by the chain id, block range,
// block hashes and that SHA-256.
// The browser build: the Node one reads `Buffer` when it loads, which a browser does not have.
import { stringify } from "csv-stringify/browser/esm/sync";
import { type Address, sha256, stringToBytes } from "viem";
import type { AuditReport } from "../api/audit.ts";
import type { Books, RebuiltPayment } from "./books.ts";
import { type Difference, differenceCategories } from "./reconcile.ts";

export type UnsealedReport = Omit<AuditReport, "sha256">;

/** The report's JSON as written to disk (two-space indentation). */
export function serializeReport(report: AuditReport | UnsealedReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** SHA-256 (hex, no 0x) of the report without its `sha256` field, serialised as `serializeReport` does. */
export function reportDigest(report: AuditReport | UnsealedReport): string {
  const { sha256: _ignored, ...unsealed } = report as AuditReport;
  return sha256(stringToBytes(serializeReport(unsealed))).slice(2);
}

export function sealReport(report: UnsealedReport): AuditReport {
  return { ...report, sha256: reportDigest(report) };
}

export function differenceJson(difference: Difference): AuditReport["differences"][number] {
  return { ...difference, blockNumber: difference.blockNumber === null ? null : String(difference.blockNumber) };
}

export function paymentJson(payment: RebuiltPayment): AuditReport["payments"][number] {
  const text = (value: bigint) => String(value);
  return {
    paymentId: payment.paymentId,
    merchantId: text(payment.merchantId),
    payer: payment.payer,
    token: payment.token,
    status: payment.status,
    authorized: text(payment.authorized),
    captured: text(payment.captured),
    refunded: text(payment.refunded),
    released: text(payment.released),
    fees: text(payment.fees),
    price: text(payment.price),
    feeBps: payment.feeBps,
    pointsRedeemed: text(payment.pointsRedeemed),
    pointsMinted: text(payment.pointsMinted),
    pointsBurned: text(payment.pointsBurned),
    pointsRestored: text(payment.pointsRestored),
    orderRef: payment.orderRef,
    lineItemsHash: payment.lineItemsHash,
    events: payment.events.map((event) => ({
      kind: event.kind,
      amount: text(event.amount),
      transactionHash: event.transactionHash,
      logIndex: event.logIndex,
      blockNumber: text(event.blockNumber),
      blockHash: event.blockHash,
    })),
  };
}

/** Totals of the merchant's books per token. */
export function bookTotals(books: Books): AuditReport["books"]["totals"] {
  const totals = new Map<Address, Record<"authorized" | "captured" | "refunded" | "released" | "fees" | "pointsMinted", bigint>>();
  for (const payment of books.payments.values()) {
    const total = totals.get(payment.token) ?? { authorized: 0n, captured: 0n, refunded: 0n, released: 0n, fees: 0n, pointsMinted: 0n };
    total.authorized += payment.authorized;
    total.captured += payment.captured;
    total.refunded += payment.refunded;
    total.released += payment.released;
    total.fees += payment.fees;
    total.pointsMinted += payment.pointsMinted;
    totals.set(payment.token, total);
  }
  return [...totals].map(([token, total]) => ({
    token,
    ...(Object.fromEntries(Object.entries(total).map(([key, value]) => [key, String(value)])) as Record<keyof typeof total, string>),
  }));
}

export function summarize(differences: readonly Difference[], conservationOk: boolean): AuditReport["summary"] {
  const byCategory = Object.fromEntries(differenceCategories.map((category) => [category, 0])) as AuditReport["summary"]["byCategory"];
  for (const difference of differences) byCategory[difference.category] += 1;
  const unexplained = differences.filter((difference) => !difference.explained).length;
  return { ok: conservationOk && unexplained === 0, differences: differences.length, unexplained, explained: differences.length - unexplained, byCategory };
}

const csvColumns = [
  "category",
  "explained",
  "subject",
  "paymentId",
  "transactionHash",
  "logIndex",
  "blockNumber",
  "field",
  "chain",
  "ledger",
  "message",
] as const;

/**
 * The differences as CSV. The first lines are `#` comments naming the chain, merchant, block range
 * with hashes and the JSON report's SHA-256 (csv-parse reads past them with `comment: "#"`).
 */
export function reportCsv(report: AuditReport): string {
  const { period } = report;
  const header = [
    `# Paykey audit: chain ${report.chainId}, escrow ${report.contracts.escrow}, merchant ${report.merchantId}`,
    `# blocks ${period.fromBlock.number} (${period.fromBlock.hash}) to ${period.toBlock.number} (${period.toBlock.hash})`,
    `# ${report.summary.unexplained} unexplained, ${report.summary.explained} explained differences; conservation ${report.conservation.ok ? "holds" : "FAILS"}`,
    `# report sha256 ${report.sha256}`,
  ];
  const rows = report.differences.map((difference) => csvColumns.map((column) => difference[column] ?? ""));
  return `${header.join("\n")}\n${stringify([csvColumns as unknown as string[], ...rows.map((row) => row.map(String))])}`;
}
