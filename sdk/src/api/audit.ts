// The audit API's shapes in zod (the relayer validates and documents with them; the web app derives
// its types with `import type` + z.infer, so zod stays out of the browser bundle). The reconciliation
// report is also what `npm run audit` writes as JSON. Money is a decimal string of token base units;
// block numbers are decimal strings; hashes and addresses lowercase hex.
import { z } from "zod";
import { periodDatePattern } from "../audit/blockRange.ts";
import { differenceCategories } from "../audit/reconcile.ts";

const uint = z.string().regex(/^\d+$/, "must be a decimal integer string");
const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/, "must be 32 bytes of lowercase hex");
const address = z.string().regex(/^0x[0-9a-f]{40}$/, "must be a lowercase 20-byte hex address");
const paymentStatus = z.enum(["authorized", "captured", "refunded", "voided", "reclaimed"]);
const eventKind = z.enum(["authorized", "captured", "voided", "reclaimed", "refunded"]);

export const auditDifferenceCategory = z.enum(differenceCategories);

export const auditDifference = z.object({
  category: auditDifferenceCategory,
  /** Accounted for by the ledger's own state (not indexed yet, row not final): does not fail the audit. */
  explained: z.boolean(),
  subject: z.enum(["payment", "event"]),
  paymentId: hex32,
  transactionHash: hex32.nullable(),
  logIndex: z.number().int().nullable(),
  blockNumber: uint.nullable(),
  field: z.string().nullable(),
  chain: z.string().nullable(),
  ledger: z.string().nullable(),
  message: z.string(),
});

/** A payment of the audited merchant rebuilt from the chain, as of the period's last block. */
export const auditPayment = z.object({
  paymentId: hex32,
  merchantId: uint,
  payer: address,
  token: address,
  status: paymentStatus,
  authorized: uint,
  captured: uint,
  refunded: uint,
  released: uint,
  fees: uint,
  price: uint,
  feeBps: z.number().int(),
  pointsRedeemed: uint,
  pointsMinted: uint,
  pointsBurned: uint,
  pointsRestored: uint,
  orderRef: hex32,
  lineItemsHash: hex32,
  events: z.array(
    z.object({ kind: eventKind, amount: uint, transactionHash: hex32, logIndex: z.number().int(), blockNumber: uint, blockHash: hex32 }),
  ),
});

const blockEnd = z.object({ number: uint, hash: hex32, time: z.string() });

export const auditReport = z.object({
  version: z.literal(1),
  generatedAt: z.string(),
  chainId: z.number().int(),
  merchantId: uint,
  contracts: z.object({ escrow: address, fxRouter: address.nullable(), startBlock: uint }),
  /** The period as asked (ISO instants, `to` exclusive) and the blocks it covers, with their hashes. */
  period: z.object({ from: z.string().nullable(), to: z.string().nullable(), fromBlock: blockEnd, toBlock: blockEnd }),
  scan: z.object({ blocks: uint, logs: z.number().int(), calls: z.number().int(), rebuildMs: z.number(), reconcileMs: z.number() }),
  conservation: z.object({
    ok: z.boolean(),
    paymentsFollowed: z.number().int(),
    /** Per token: the escrow's balance at the period's last block ≥ what it should still hold (all merchants). */
    tokens: z.array(z.object({ token: address, balance: uint, held: uint, ok: z.boolean() })),
    violations: z.array(z.object({ paymentId: hex32, rule: z.string(), message: z.string(), transactionHash: hex32, blockNumber: uint })),
  }),
  books: z.object({
    payments: z.number().int(),
    events: z.number().int(),
    totals: z.array(
      z.object({ token: address, authorized: uint, captured: uint, refunded: uint, released: uint, fees: uint, pointsMinted: uint }),
    ),
  }),
  /** The ledger compared with, or null for a rebuild from the chain alone. */
  ledger: z.object({ source: z.string(), indexedThrough: uint.nullable(), payments: z.number().int(), events: z.number().int() }).nullable(),
  summary: z.object({
    /** No unexplained difference and conservation holds. */
    ok: z.boolean(),
    differences: z.number().int(),
    unexplained: z.number().int(),
    explained: z.number().int(),
    byCategory: z.record(auditDifferenceCategory, z.number().int()),
  }),
  differences: z.array(auditDifference),
  payments: z.array(auditPayment),
  /** SHA-256 of the report's JSON without this field (UTF-8, as serialised with two-space indentation). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export type AuditReport = z.infer<typeof auditReport>;
export type AuditDifference = z.infer<typeof auditDifference>;
export type AuditDifferenceCategory = z.infer<typeof auditDifferenceCategory>;

// ------------------------------------------------------------------ receipts

const receiptStep = z.object({
  kind: eventKind,
  amount: uint,
  /** Authorization: the price before discounts; otherwise null. */
  price: uint.nullable(),
  /** Capture: the fee taken; otherwise null. */
  fee: uint.nullable(),
  payer: address,
  merchantId: uint,
  token: address,
  orderRef: hex32,
  lineItemsHash: hex32,
  transactionHash: hex32,
  blockNumber: uint,
  blockHash: hex32,
  logIndex: z.number().int(),
  userOpHash: hex32.nullable(),
  /** Block time, unix seconds. */
  timestamp: z.number().int(),
});

/** A receipt verified against the chain: found by payment id, transaction hash or user-operation hash. */
export const auditReceipt = z.object({
  ref: hex32,
  matchedAs: z.enum(["paymentId", "transactionHash", "userOpHash"]),
  receipts: z.array(
    z.object({
      chain: z.object({
        paymentId: hex32,
        status: z.enum(["none", "authorized", "captured", "refunded", "voided", "reclaimed"]),
        authorized: uint,
        captured: uint,
        fees: uint,
        refunded: uint,
        released: uint,
        steps: z.array(receiptStep),
      }),
      /** The itemised receipt the relayer keeps for it, or null (a payment made outside a Paykey checkout). */
      itemised: z.object({ orderRef: z.string(), lineItems: z.array(z.object({ name: z.string(), quantity: z.number().int(), unitPrice: uint })) }).nullable(),
      verification: z.object({
        state: z.enum(["pending", "verified", "mismatch"]),
        checks: z.array(z.object({ name: z.enum(["lineItems", "orderRef", "price"]), ok: z.boolean(), offChain: z.string(), onChain: z.string() })),
      }),
    }),
  ),
});

export type AuditReceipt = z.infer<typeof auditReceipt>;

// ------------------------------------------------------------------ auditor access

export const auditStore = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  merchantId: uint.nullable(),
  status: z.enum(["pending", "active"]),
});

export const auditorSession = z.object({ auditor: z.object({ account: z.string() }), stores: z.array(auditStore) });

/** A store owner grants an auditor's Paykey account read access to the store's books. */
export const auditGrantBody = z.object({ account: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 20-byte hex address") });

export const auditGrant = z.object({ storeId: z.string(), account: z.string(), grantedBy: z.string(), createdAt: z.string() });

/** The period of a reconciliation: UTC days (`to` included) or ISO instants (`to` excluded); both optional. */
export const reconciliationQuery = z.object({
  from: z.string().regex(periodDatePattern, "must be YYYY-MM-DD or an ISO instant").optional(),
  to: z.string().regex(periodDatePattern, "must be YYYY-MM-DD or an ISO instant").optional(),
});

/** One progress event of a reconciliation stream (`event: progress`). */
export const reconciliationProgress = z.object({
  phase: z.enum(["range", "scan", "conservation", "ledger", "reconcile", "done"]),
  blocksScanned: uint,
  totalBlocks: uint,
  logs: z.number().int(),
  logsPerSecond: z.number().int(),
});

export type AuditStore = z.infer<typeof auditStore>;
export type AuditorSession = z.infer<typeof auditorSession>;
export type AuditGrant = z.infer<typeof auditGrant>;
export type ReconciliationProgress = z.infer<typeof reconciliationProgress>;
