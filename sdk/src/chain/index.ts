// The chains Paykey knows by id. The local development chain (an in-process Hardhat node or Anvil)
// is the one place where development keys, the demo faucet and relaxed origins are defaults.

/** Chain id of the local development chain (Hardhat's and Anvil's default). */
export const localChainId = 31337;
