// The auditor's engine (browser-safe: viem only): rebuild a merchant's books from escrow logs read straight
// over JSON-RPC, check conservation, reconcile with the relayer's ledger, seal the report; verify a receipt.
export {
  type AuditPeriod,
  type BlockEnd,
  type BlockRange,
  firstBlockAtOrAfter,
  isPeriodDate,
  periodDatePattern,
  periodEnd,
  periodStart,
  resolveBlockRange,
} from "./blockRange.ts";
export { type BookEvent, type Books, type BooksBuilder, type InvariantViolation, type RebuiltPayment, createBooksBuilder } from "./books.ts";
export { type DecodedLog, createLogDecoder } from "./decodeLogs.ts";
export { AuditError, InvalidPeriodError, LogRangeError, ReceiptNotFoundError } from "./errors.ts";
export { type EscrowPaymentEvent, escrowLogSource, escrowPaymentEvents, logPosition } from "./escrowSource.ts";
export type { LedgerEvent, LedgerFinality, LedgerPayment, LedgerQuery, LedgerReader, LedgerSnapshot } from "./ledger.ts";
export { type AuditLogSource, type LogPosition, compareLogPositions } from "./logSource.ts";
export { type Difference, type DifferenceCategory, differenceCategories, reconcile } from "./reconcile.ts";
export { reportCsv, reportDigest, sealReport, serializeReport } from "./report.ts";
export { type AuditContracts, type AuditProgress, type RunAuditParameters, type RunAuditReturnType, runAudit } from "./runAudit.ts";
export { type ScanLogsParameters, type ScannedRange, isRangeRefusal, scanLogs } from "./scanLogs.ts";
export { type ChainPaymentStep, type ChainReceipt, type ReadChainReceiptParameters, readChainReceipt } from "./chainReceipt.ts";
export { type ItemisedReceipt, type ReceiptCheck, type ReceiptVerification, checkItemisedReceipt } from "./itemisedReceipt.ts";
export {
  type ReceiptRefKind,
  type VerifiedReceipt,
  type VerifyReceiptParameters,
  type VerifyReceiptReturnType,
  findReceiptPayments,
  verifyReceipt,
} from "./verifyReceipt.ts";
export { receiptJson } from "./receiptJson.ts";
