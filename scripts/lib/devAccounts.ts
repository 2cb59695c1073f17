// The local chain's funded development accounts (Hardhat's well-known mnemonic) and the
// role each plays in `npm start`. Local chain (31337) only: these keys are public.
import { mnemonicToAccount } from "viem/accounts";

export const hardhatMnemonic = "test test test test test test test test test test test junk";

/** Account index per role. The relayer's defaults use the same indices (server/src/config.ts). */
export const devAccountRoles = {
  deployer: 0,
  sponsorSigner: 1,
  executors: [2, 3, 4],
  feeReceiver: 5,
  demoPayers: [6, 7],
  demoMerchant: 8,
  /** Sets the local FX price feeds (npm start moves EUR / USD every few seconds). */
  fxOperator: 9,
  /** npm start's second demo merchant, settling in tEURC. */
  demoEuroMerchant: 10,
} as const;

export function devAccount(index: number) {
  return mnemonicToAccount(hardhatMnemonic, { addressIndex: index });
}
