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

export default defineConfig({
  plugins: [hardhatViem, hardhatViemAssertions, hardhatNetworkHelpers, hardhatMocha],
  solidity: {
    profiles: {
      default: solc,
      production: solc,
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
