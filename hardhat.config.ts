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

// The EntryPoint is compiled like its canonical deployment (eth-infinitism/account-abstraction builds
// EntryPoint.sol via-IR with 1,000,000 optimizer runs), so handleOps on the local chain costs about what
// it costs on public chains. Everything else keeps the default settings.
const profile = {
  compilers: [solc],
  overrides: {
    "@account-abstraction/contracts/core/EntryPoint.sol": {
      ...solc,
      settings: { ...solc.settings, optimizer: { enabled: true, runs: 1_000_000 }, viaIR: true },
    },
  },
};

export default defineConfig({
  plugins: [hardhatViem, hardhatViemAssertions, hardhatNetworkHelpers, hardhatMocha],
  solidity: {
    profiles: {
      default: profile,
      production: profile,
    },
    npmFilesToBuild: ["@account-abstraction/contracts/core/EntryPoint.sol"],
  },
  paths: {
    tests: { mocha: "test", solidity: "contracts/test" },
  },
  networks: {
    // Default in-process network: Osaka, P-256 precompile at 0x100.
    default: { type: "edr-simulated", chainType: "l1", allowUnlimitedContractSize: false },
    // Same chain without the P-256 precompile: exercises OpenZeppelin's Solidity fallback.
    fallback: { type: "edr-simulated", chainType: "l1", hardfork: "prague" },
    localhost: { type: "http", url: "http://127.0.0.1:8545" },
  },
  test: { solidity: { fuzz: { runs: 256 } } },
});
