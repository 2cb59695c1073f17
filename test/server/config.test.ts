// Configuration: parsed once, frozen, secrets hidden, clear errors, development keys only on 31337.
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { ConfigError, devKeyIndices, hardhatDevKey, loadConfig } from "../../server/src/config.ts";

const contracts = {
  ENTRY_POINT_ADDRESS: "0x4337084d9e255ff0702461cf8895ce9e3b5ff108",
  ACCOUNT_FACTORY_ADDRESS: "0x1000000000000000000000000000000000000001",
  PAYMASTER_ADDRESS: "0x2000000000000000000000000000000000000002",
};

describe("relayer: config", function () {
  it("defaults to Hardhat development keys on chain 31337 and freezes the result", function () {
    const config = loadConfig({ ...contracts });
    expect(config.chain).to.deep.equal({ id: 31337, rpcUrl: "http://127.0.0.1:8545" });
    expect(config.keys.executors).to.have.length(3);
    expect(privateKeyToAccount(config.keys.paymasterSigner).address).to.equal(
      privateKeyToAccount(hardhatDevKey(devKeyIndices.paymasterSigner)).address,
    );
    expect(privateKeyToAccount(hardhatDevKey(0)).address).to.equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(Object.isFrozen(config)).to.equal(true);
    expect(Object.isFrozen(config.policy)).to.equal(true);
    expect(() => {
      (config.policy as { dailyOpsPerAccount: number }).dailyOpsPerAccount = 1;
    }).to.throw(TypeError);
    expect(config.auth.challengeTtlSeconds).to.equal(300);
  });

  it("never serializes private keys", function () {
    const config = loadConfig({ ...contracts });
    const text = JSON.stringify(config, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
    expect(text).to.include('"keys":"[redacted]"');
    for (const key of config.keys.executors) expect(text).to.not.include(key.slice(2));
  });

  it("requires keys, RP ID and origins on any other chain", function () {
    expect(() => loadConfig({ ...contracts, CHAIN_ID: "8453" }))
      .to.throw(ConfigError)
      .with.property("shortMessage")
      .that.includes("EXECUTOR_PRIVATE_KEYS, PAYMASTER_SIGNER_PRIVATE_KEY, RP_ID, ALLOWED_ORIGINS");
    const config = loadConfig({
      ...contracts,
      CHAIN_ID: "8453",
      EXECUTOR_PRIVATE_KEYS: `${hardhatDevKey(7)}, ${hardhatDevKey(8)}`,
      PAYMASTER_SIGNER_PRIVATE_KEY: hardhatDevKey(9),
      RP_ID: "pay.example",
      ALLOWED_ORIGINS: "https://pay.example",
    });
    expect(config.keys.executors).to.deep.equal([hardhatDevKey(7), hardhatDevKey(8)]);
    expect(config.auth.cookieSecure).to.equal(true);
  });

  it("names every invalid variable", function () {
    try {
      loadConfig({ ...contracts, PORT: "eighty", EXECUTOR_PRIVATE_KEYS: "0x1234", SPONSOR_DAILY_BUDGET_WEI: "1.5" });
      expect.fail("loadConfig accepted an invalid configuration");
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      const details = (error as ConfigError).details ?? "";
      expect(details).to.include("PORT");
      expect(details).to.include("EXECUTOR_PRIVATE_KEYS");
      expect(details).to.include("SPONSOR_DAILY_BUDGET_WEI");
    }
  });

  it("refuses a paymaster signer that is also an executor, and duplicate executors", function () {
    expect(() => loadConfig({ ...contracts, EXECUTOR_PRIVATE_KEYS: hardhatDevKey(devKeyIndices.paymasterSigner) })).to.throw(
      ConfigError,
      /must not also be an executor/,
    );
    expect(() => loadConfig({ ...contracts, EXECUTOR_PRIVATE_KEYS: `${hardhatDevKey(5)},${hardhatDevKey(5)}` })).to.throw(
      ConfigError,
      /twice/,
    );
  });

  it("reads contract addresses from a deployment file, with *_ADDRESS overrides", function () {
    const dir = mkdtempSync(join(tmpdir(), "paykey-config-"));
    const file = join(dir, "31337.json");
    writeFileSync(
      file,
      JSON.stringify({
        chainId: 31337,
        startBlock: 1,
        entryPoint: contracts.ENTRY_POINT_ADDRESS,
        accountFactory: contracts.ACCOUNT_FACTORY_ADDRESS,
        sponsorPaymaster: contracts.PAYMASTER_ADDRESS,
        paymentEscrow: "0x3000000000000000000000000000000000000003",
        tokens: { USD: { address: "0x4000000000000000000000000000000000000004", symbol: "tUSDC", currency: "USD", decimals: 6, test: true } },
      }),
    );
    const config = loadConfig({ DEPLOYMENT_FILE: file, PAYMASTER_ADDRESS: "0x5000000000000000000000000000000000000005" });
    expect(config.contracts.entryPoint).to.equal("0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108");
    expect(config.contracts.paymaster).to.equal("0x5000000000000000000000000000000000000005");
    expect(config.contracts.escrow).to.equal("0x3000000000000000000000000000000000000003");
    expect(config.contracts.stablecoins).to.deep.equal(["0x4000000000000000000000000000000000000004"]);
    expect(() => loadConfig({ DEPLOYMENT_FILE: file, CHAIN_ID: "10", RP_ID: "a", ALLOWED_ORIGINS: "https://a", EXECUTOR_PRIVATE_KEYS: hardhatDevKey(3), PAYMASTER_SIGNER_PRIVATE_KEY: hardhatDevKey(4) })).to.throw(
      ConfigError,
      /is for chain 31337, not 10/,
    );
    expect(() => loadConfig({ DEPLOYMENT_FILE: join(dir, "missing.json") })).to.throw(ConfigError, /Cannot read the deployment file/);
  });
});

describe("relayer: config of the commerce module", function () {
  const remote = {
    ...contracts,
    CHAIN_ID: "8453",
    EXECUTOR_PRIVATE_KEYS: hardhatDevKey(7),
    PAYMASTER_SIGNER_PRIVATE_KEY: hardhatDevKey(9),
    RP_ID: "pay.example",
    ALLOWED_ORIGINS: "https://pay.example/, https://admin.pay.example",
  };

  it("on chain 31337: faucet on with Hardhat account #0, links to the first allowed origin, reads through /chain", function () {
    const config = loadConfig({ ...contracts, ALLOWED_ORIGINS: "http://localhost:5173,http://localhost:8787" });
    expect(config.commerce).to.deep.equal({
      publicOrigin: "http://localhost:5173",
      publicRpcUrl: undefined,
      explorerUrl: undefined,
      faucetEnabled: true,
      indexerPollMs: 500,
      indexerConfirmations: 0,
      indexerFinality: { mode: "depth", safeDepth: 2n, finalizedDepth: 5n },
      chainProxy: { maxLogBlocks: 100_000, maxLogs: 10_000 },
    });
    expect(config.keys.faucet).to.equal(hardhatDevKey(0));
    expect(JSON.stringify(config, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))).to.not.include(hardhatDevKey(0).slice(2));
    expect(loadConfig({ ...contracts, PORT: "9000" }).commerce.publicOrigin).to.equal("http://localhost:9000");
    expect(loadConfig({ ...contracts, FAUCET_ENABLED: "false" }).commerce.faucetEnabled).to.equal(false);
  });

  it("elsewhere: faucet off unless enabled with a key; public URLs as given", function () {
    const config = loadConfig({ ...remote, PUBLIC_RPC_URL: "https://rpc.example", EXPLORER_URL: "https://scan.example/", INDEXER_POLL_MS: "2000" });
    expect(config.commerce).to.deep.equal({
      publicOrigin: "https://pay.example",
      publicRpcUrl: "https://rpc.example",
      explorerUrl: "https://scan.example",
      faucetEnabled: false,
      indexerPollMs: 2000,
      indexerConfirmations: 3,
      indexerFinality: { mode: "tags" },
      chainProxy: { maxLogBlocks: 100_000, maxLogs: 10_000 },
    });
    expect(loadConfig({ ...remote, INDEXER_CONFIRMATIONS: "12" }).commerce.indexerConfirmations).to.equal(12);
    expect(config.keys.faucet).to.equal(undefined);
    expect(loadConfig({ ...remote, PUBLIC_ORIGIN: "https://shop.example/" }).commerce.publicOrigin).to.equal("https://shop.example");
    expect(() => loadConfig({ ...remote, FAUCET_ENABLED: "true" })).to.throw(ConfigError, /FAUCET_ENABLED needs FAUCET_KEY/);
    expect(loadConfig({ ...remote, FAUCET_ENABLED: "true", FAUCET_KEY: hardhatDevKey(6) }).keys.faucet).to.equal(hardhatDevKey(6));
  });

  it("names invalid commerce variables", function () {
    try {
      loadConfig({ ...contracts, PUBLIC_RPC_URL: "not a url", FAUCET_ENABLED: "maybe", FAUCET_KEY: "0x12", INDEXER_POLL_MS: "1", INDEXER_CONFIRMATIONS: "-1" });
      expect.fail("loadConfig accepted an invalid configuration");
    } catch (error) {
      const details = (error as ConfigError).details ?? "";
      for (const variable of ["PUBLIC_RPC_URL", "FAUCET_ENABLED", "FAUCET_KEY", "INDEXER_POLL_MS", "INDEXER_CONFIRMATIONS"]) expect(details).to.include(variable);
    }
  });

  it("reads settlement tokens, loyalty points and the start block from the deployment file", function () {
    const file = join(mkdtempSync(join(tmpdir(), "paykey-config-")), "31337.json");
    writeFileSync(
      file,
      JSON.stringify({
        chainId: 31337,
        startBlock: 42,
        entryPoint: contracts.ENTRY_POINT_ADDRESS,
        accountFactory: contracts.ACCOUNT_FACTORY_ADDRESS,
        sponsorPaymaster: contracts.PAYMASTER_ADDRESS,
        paymentEscrow: "0x3000000000000000000000000000000000000003",
        loyaltyPoints: "0x6000000000000000000000000000000000000006",
        tokens: {
          USD: { address: "0x4000000000000000000000000000000000000004", symbol: "tUSDC", currency: "USD", decimals: 6, test: true },
          EUR: { address: "0x7000000000000000000000000000000000000007", symbol: "EURC", currency: "EUR", decimals: 6, test: false },
        },
      }),
    );
    const config = loadConfig({ DEPLOYMENT_FILE: file });
    expect(config.contracts.startBlock).to.equal(42n);
    expect(config.contracts.loyaltyPoints).to.equal("0x6000000000000000000000000000000000000006");
    expect(config.contracts.tokens).to.deep.equal([
      { currency: "USD", address: "0x4000000000000000000000000000000000000004", symbol: "tUSDC", decimals: 6, test: true },
      { currency: "EUR", address: "0x7000000000000000000000000000000000000007", symbol: "EURC", decimals: 6, test: false },
    ]);
    expect(loadConfig({ DEPLOYMENT_FILE: file, INDEXER_START_BLOCK: "7" }).contracts.startBlock).to.equal(7n);
    // STABLECOIN_ADDRESSES narrows the settlement tokens to those listed.
    expect(loadConfig({ DEPLOYMENT_FILE: file, STABLECOIN_ADDRESSES: "0x7000000000000000000000000000000000000007" }).contracts.tokens.map((t) => t.currency)).to.deep.equal(["EUR"]);
  });
});
