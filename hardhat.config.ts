import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import hardhatViemAssertions from "@nomicfoundation/hardhat-viem-assertions";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";

const require = createRequire(import.meta.url);

// The compiler comes from the npm `solc` package (wasm), so builds work offline.
const solc = {
  version: require("solc/package.json").version as string,
  path: require.resolve("solc/soljson.js"),
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague" },
};

/** The default settings with the via-IR pipeline and `runs` optimizer runs. */
const viaIR = (runs: number) => ({
  ...solc,
  settings: { ...solc.settings, optimizer: { enabled: true, runs }, viaIR: true },
});

// Per-file settings, each measured with `npm run bench:gas`:
// - the EntryPoint is compiled like its canonical deployment (eth-infinitism/account-abstraction builds
//   EntryPoint.sol via-IR with 1,000,000 runs), so handleOps on the local chain costs about what it costs
//   on public chains;
// - the escrow and the paymaster run on every payment: via-IR saves 0.8-2k gas per escrow call (runs 200
//   keeps the escrow at ~18 KB of the 24 KB limit) and ~2.5k per sponsored operation;
// - the FX router runs in every cross-currency payment: via-IR with 1,000,000 runs saves ~1.9k per
//   conversion (fx.convert 59.4k → 57.5k; the router stays at ~11 KB).
// PaykeyAccount stays on the legacy pipeline: via-IR makes OpenZeppelin's Solidity P-256 fallback (chains
// without the precompile) ~90k gas dearer per operation.
const profile = {
  compilers: [solc],
  overrides: {
    "@account-abstraction/contracts/core/EntryPoint.sol": viaIR(1_000_000),
    "contracts/payments/PaymentEscrow.sol": viaIR(200),
    "contracts/paymaster/SponsorPaymaster.sol": viaIR(1_000_000),
    "contracts/fx/FxRouter.sol": viaIR(1_000_000),
  },
};

const coverage = process.env.PAYKEY_COVERAGE === "1";

export default defineConfig({
  plugins: [hardhatViem, hardhatViemAssertions, hardhatNetworkHelpers, hardhatMocha],
  solidity: {
    profiles: {
      default: profile,
      production: profile,
    },
    // Artifacts for npm files the app needs ABIs of (scripts/generate.ts): the EntryPoint, and Chainlink's
    // feed interface (the FX router's feeds, read by the relayer and the receipt page).
    npmFilesToBuild: [
      "@account-abstraction/contracts/core/EntryPoint.sol",
      "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol",
    ],
  },
  paths: {
    tests: { mocha: "test", solidity: "contracts/test" },
  },
  networks: {
    // Default in-process network: Osaka, P-256 precompile at 0x100. Coverage instruments the
    // bytecode past the 24 KiB limit, so `npm run coverage` (PAYKEY_COVERAGE=1) lifts it.
    default: { type: "edr-simulated", chainType: "l1", allowUnlimitedContractSize: coverage },
    // Same chain without the P-256 precompile: exercises OpenZeppelin's Solidity fallback.
    fallback: { type: "edr-simulated", chainType: "l1", hardfork: "prague", allowUnlimitedContractSize: coverage },
    localhost: { type: "http", url: "http://127.0.0.1:8545" },
  },
  test: { solidity: { fuzz: { runs: 256 } } },
});
