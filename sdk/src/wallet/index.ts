// Paykey wallet module: one copy for tests, the relayer and the web app (browser-safe: viem + noble only).
export { batchExecutionMode, canonicalEntryPointAddress, defaultRecoveryDelay } from "./constants.ts";
export {
  InvalidPasskeyPublicKeyError,
  InvalidPasskeySignatureError,
  MissingPayerAmountError,
  UnsupportedChainError,
  WalletError,
} from "./errors.ts";
export { type PasskeyPublicKey, isP256Point, parsePasskeyPublicKey, serializePasskeyPublicKey } from "./publicKey.ts";
export {
  type DecodePasskeySignatureReturnType,
  type EncodePasskeySignatureParameters,
  type P256SignatureInput,
  type PasskeyAssertion,
  decodePasskeySignature,
  encodePasskeySignature,
  encodeWebAuthnAuth,
  normalizeP256Signature,
  parseP256Signature,
} from "./encodeSignature.ts";
export { getStubPasskeySignature } from "./stubSignature.ts";
export { type WalletCall, decodeExecuteCalls, encodeExecuteCalls, encodeExecutionData } from "./encodeCalls.ts";
export {
  type GetPaykeyAccountAddressParameters,
  getAccountCloneSalt,
  getPaykeyAccountAddress,
  getPaykeyAccountImplementationAddress,
  readPaykeyAccountAddress,
} from "./getAccountAddress.ts";
export {
  getPaykeyAccountDomain,
  getReplaySafeHash,
  getReplaySafeMessageHash,
  getReplaySafeTypedDataHash,
  wrapTypedDataPasskeySignature,
} from "./replaySafeHash.ts";
export {
  type PaykeyAccountImplementation,
  type ToPaykeyAccountParameters,
  type ToPaykeyAccountReturnType,
  defaultMinVerificationGasLimit,
  toPaykeyAccount,
} from "./toPaykeyAccount.ts";
export {
  type BuildPaymentCallsParameters,
  type PaymentDiscount,
  type PaymentTerms,
  buildPaymentCalls,
  noDiscount,
} from "./buildPaymentCalls.ts";
export {
  buildAddPasskeyCall,
  buildCancelRecoveryCall,
  buildRemovePasskeyCall,
  buildSetGuardianCall,
} from "./buildAccountCalls.ts";
export {
  type Guardian,
  buildProposeRecoveryCall,
  encodeGuardian,
  getRecoveryProposalTypedData,
  signRecoveryWithPasskey,
} from "./recovery.ts";
export {
  type PackedUserOperation,
  encodePackedUserOperation,
  packedUserOperationParameter,
  toPackedUserOperation,
} from "./packedUserOperation.ts";
export {
  type SignSponsorshipParameters,
  type SignSponsorshipReturnType,
  type SponsoredOperationFields,
  createLocalSponsorPaymaster,
  encodeSponsorPaymasterData,
  getSponsorshipTypedData,
  signSponsorship,
} from "./sponsorship.ts";
