// Constants shared by the wallet module.
import { entryPoint08Address } from "viem/account-abstraction";

/** The canonical ERC-4337 v0.8 EntryPoint (same address on every public chain). Local chains deploy their own. */
export const canonicalEntryPointAddress = entryPoint08Address;

/** ERC-7821 single-batch execution mode, the only one OpenZeppelin's ERC7821 supports. */
export const batchExecutionMode = "0x0100000000000000000000000000000000000000000000000000000000000000" as const;

/** Recovery delay the account uses until it sets its own (48 hours), in seconds. Mirrors the contract constant. */
export const defaultRecoveryDelay = 48 * 60 * 60;

/** EIP-712 domain name and version of PaykeyAccount (ERC-7739 messages and guardian recovery proposals). */
export const paykeyAccountDomain = { name: "PaykeyAccount", version: "1" } as const;

/** EIP-712 domain name and version of SponsorPaymaster. */
export const sponsorPaymasterDomain = { name: "SponsorPaymaster", version: "1" } as const;
