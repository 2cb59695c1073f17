// A payment's history read straight from the chain, with the SDK's reader that the auditor's tools share
// (escrow logs for the payment id, each with its transaction, block, log index, time and user operation).
export { type ChainPaymentStep, type ChainReceipt, readChainReceipt } from "@paykey/sdk/audit";
