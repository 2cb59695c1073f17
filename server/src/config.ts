// The relayer's configuration, parsed once with zod from the environment (or any string
// record) into a frozen, typed object that is passed explicitly to every part. Nothing
// else reads `process.env`.
//
// Contract addresses come from `deployments/<chainId>.json` (written by scripts/deploy.ts)
// or the file named by DEPLOYMENT_FILE; an `*_ADDRESS` variable overrides one entry.
// Private keys default to Hardhat's well-known development accounts only on chain 31337;
// on any other chain they are required.
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { z } from "zod";
import { localChainId } from "@paykey/sdk/chain";
import { BaseError } from "./errors/base.ts";

/** Hardhat's public development mnemonic: its keys are known to everyone, so local only. */
const hardhatMnemonic = "test test test test test test test test test test test junk";

export function hardhatDevKey(index: number): Hex {
  const key = mnemonicToAccount(hardhatMnemonic, { addressIndex: index }).getHdKey().privateKey;
  if (!key) throw new BaseError(`no private key for Hardhat account #${index}`);
  return `0x${Buffer.from(key).toString("hex")}`;
}

/** Hardhat account indices the relayer uses by default on chain 31337. */
export const devKeyIndices = { paymasterSigner: 1, executors: [2, 3, 4], demoMerchant: 8 } as const;

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), "must be a 20-byte hex address")
  .transform((value) => getAddress(value));
const privateKey = z
  .string()
  .trim()
  .refine((value) => isHex(value) && value.length === 66, "must be a 32-byte hex private key")
  .transform((value) => value.toLowerCase() as Hex);
const list = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((value) => value.split(",").map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(z.array(item));
const integer = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const bigint = (fallback: bigint) =>
  z
    .string()
    .regex(/^\d+$/, "must be a non-negative integer")
    .transform((value) => BigInt(value))
    .default(fallback);
const flag = (fallback: boolean) => z.stringbool().default(fallback);

const envSchema = z.object({
  CHAIN_ID: integer(localChainId, 1),
  RPC_URL: z.url().default("http://127.0.0.1:8545"),
  DEPLOYMENT_FILE: z.string().optional(),
  ENTRY_POINT_ADDRESS: address.optional(),
  ACCOUNT_FACTORY_ADDRESS: address.optional(),
  PAYMASTER_ADDRESS: address.optional(),
  ESCROW_ADDRESS: address.optional(),
  STABLECOIN_ADDRESSES: list(address).optional(),

  EXECUTOR_PRIVATE_KEYS: list(privateKey).optional(),
  PAYMASTER_SIGNER_PRIVATE_KEY: privateKey.optional(),

  RP_ID: z.string().min(1).optional(),
  RP_NAME: z.string().min(1).default("Paykey"),
  ALLOWED_ORIGINS: list(z.url()).optional(),
  SESSION_TTL_SECONDS: integer(12 * 3600, 60),
  COOKIE_SECURE: z.stringbool().optional(),

  DATABASE_URL: z.string().optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lowercase SQL identifier")
    .optional(),
  DATA_DIR: z.string().default(".data/relayer"),

  HOST: z.string().default("127.0.0.1"),
  PORT: integer(8787),
  BODY_LIMIT_BYTES: integer(256 * 1024, 1024),
  RATE_LIMIT_PER_IP: integer(600, 1),
  RATE_LIMIT_PER_ACCOUNT: integer(120, 1),
  // Passkey option routes issue a stored challenge without a session: a stricter limit of their own.
  RATE_LIMIT_AUTH_OPTIONS_PER_IP: integer(30, 1),
  AUTH_MAX_PENDING_CHALLENGES: integer(10_000, 10),
  // Slow clients: an idle socket, headers or a whole request that take too long are cut off.
  HTTP_CONNECTION_TIMEOUT_MS: integer(60_000, 100),
  HTTP_HEADERS_TIMEOUT_MS: integer(10_000, 100),
  HTTP_REQUEST_TIMEOUT_MS: integer(30_000, 100),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: integer(5_000, 100),
  HTTP_MAX_CONNECTIONS_PER_IP: integer(64, 1),
  STATIC_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  SPONSOR_DAILY_OPS_PER_ACCOUNT: integer(50, 1),
  SPONSOR_DAILY_GAS_PER_ACCOUNT: bigint(20_000_000n),
  SPONSOR_DAILY_BUDGET_WEI: bigint(10n ** 18n),
  SPONSOR_MAX_GAS_PRICE_WEI: bigint(200n * 10n ** 9n),
  SPONSOR_BLOCKLIST: list(address).default([]),
  SPONSOR_REVIEW_AMOUNT: bigint(10_000n * 10n ** 6n),
  SPONSOR_VELOCITY_MAX_OPS: integer(20, 1),
  SPONSOR_VELOCITY_WINDOW_SECONDS: integer(60, 1),
  SPONSOR_VALIDITY_SECONDS: integer(600, 30),
  SPONSOR_REGISTERED_ACCOUNTS_ONLY: flag(true),

  BUNDLE_MAX_OPS: integer(32, 1),
  BUNDLE_INTERVAL_MS: integer(200, 1),
  EXECUTOR_STUCK_AFTER_MS: integer(12_000, 100),
  EXECUTOR_POLL_MS: integer(250, 10),
  EXECUTOR_BLOCK_POLL_MS: integer(100, 10),
  EXECUTOR_FEE_BUMP_PERCENT: integer(15, 10),
  // Several instances on one PostgreSQL (executor/leases.ts): how long an instance that stops
  // renewing keeps its executor keys and claimed operations; its identity (default: random).
  EXECUTOR_LEASE_MS: integer(10_000, 300),
  RELAYER_INSTANCE_ID: z.string().trim().min(1).max(100).optional(),

  // Commerce module (server/src/commerce): public URLs, the local-chain faucet, the indexer.
  PUBLIC_ORIGIN: z.url().optional(),
  PUBLIC_RPC_URL: z.url().optional(),
  EXPLORER_URL: z.url().optional(),
  FAUCET_ENABLED: z.stringbool().optional(),
  FAUCET_KEY: privateKey.optional(),
  INDEXER_POLL_MS: integer(500, 10),
  INDEXER_START_BLOCK: z.coerce.number().int().min(0).optional(),
  INDEXER_CONFIRMATIONS: z.coerce.number().int().min(0).max(1_000).optional(),
  INDEXER_FINALITY: z.enum(["tags", "depth"]).optional(),
  INDEXER_SAFE_DEPTH: integer(2),
  INDEXER_FINALIZED_DEPTH: integer(5),

  // Webhooks module (server/src/webhooks).
  WEBHOOK_POLL_MS: integer(500, 10),
  WEBHOOK_RETRY_BASE_MS: integer(10_000, 1),
  WEBHOOK_RETRY_MAX_MS: integer(3_600_000, 1),
  WEBHOOK_RETRY_FOR_SECONDS: integer(86_400, 1),
  WEBHOOK_TIMEOUT_MS: integer(10_000, 100),
  WEBHOOK_CONCURRENCY: integer(8, 1),
  WEBHOOK_ALLOW_PRIVATE_ENDPOINTS: z.stringbool().optional(),
  CHAIN_PROXY_MAX_LOG_BLOCKS: integer(100_000, 1),
  CHAIN_PROXY_MAX_LOGS: integer(10_000, 1),

  // FX module (server/src/fx): the router, how long a quote stays executable, the payer's slippage buffer.
  FX_ROUTER_ADDRESS: address.optional(),
  FX_QUOTE_TTL_SECONDS: integer(120, 10),
  FX_SLIPPAGE_BPS: z.coerce.number().int().min(0).max(500).default(50),
});

export type ConfigInput = Partial<Record<keyof z.input<typeof envSchema>, string>>;

/** A settlement stablecoin named in the deployment file. */
export type SettlementToken = { currency: string; address: Address; symbol: string; decimals: number; test: boolean };

export type Contracts = {
  entryPoint: Address;
  accountFactory: Address;
  paymaster: Address;
  escrow: Address | undefined;
  /** The escrow's ERC-1155 points (from the deployment file; else read from the escrow). */
  loyaltyPoints: Address | undefined;
  stablecoins: readonly Address[];
  /** The FX router (cross-border settlement), if deployed. */
  fxRouter: Address | undefined;
  /** Settlement tokens with their currency and decimals (those the deployment file describes). */
  tokens: readonly SettlementToken[];
  /** First block that can hold Paykey events (where the indexer starts). */
  startBlock: bigint;
};

export type Config = {
  readonly chain: { readonly id: number; readonly rpcUrl: string };
  readonly contracts: Readonly<Contracts>;
  /** Private keys. `toJSON` hides them so a logged config never leaks one. */
  readonly keys: {
    readonly executors: readonly Hex[];
    readonly paymasterSigner: Hex;
    readonly faucet: Hex | undefined;
    /** Owner of `npm start`'s demo merchant, which hands its demo store to the first merchant who asks (local chain only). */
    readonly demoMerchant: Hex | undefined;
  };
  readonly auth: {
    readonly rpId: string;
    readonly rpName: string;
    readonly origins: readonly string[];
    readonly challengeTtlSeconds: number;
    /** Unused challenges kept at most; the oldest are dropped beyond it. */
    readonly maxPendingChallenges: number;
    readonly sessionTtlSeconds: number;
    readonly cookieSecure: boolean;
  };
  readonly database: { readonly url: string | undefined; readonly schema: string | undefined; readonly dataDir: string };
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    readonly rateLimitPerIp: number;
    readonly rateLimitPerAccount: number;
    /** Per IP and minute, shared by the passkey option routes (POST /auth/{register,login,devices}/options). */
    readonly rateLimitAuthOptionsPerIp: number;
    readonly timeouts: {
      /** A socket with no traffic for this long is closed. */
      readonly connectionMs: number;
      /** The request line and headers must arrive within this (else 408). */
      readonly headersMs: number;
      /** The whole request must arrive within this (else 408). */
      readonly requestMs: number;
      /** An idle keep-alive socket is closed after this. */
      readonly keepAliveMs: number;
    };
    /** Open sockets per client address; more are destroyed on arrival. */
    readonly maxConnectionsPerIp: number;
    readonly staticDir: string | undefined;
  };
  readonly logLevel: string;
  readonly policy: {
    readonly dailyOpsPerAccount: number;
    readonly dailyGasPerAccount: bigint;
    readonly dailyBudgetWei: bigint;
    readonly maxGasPriceWei: bigint;
    readonly blocklist: readonly Address[];
    readonly reviewAmount: bigint;
    readonly velocityMaxOps: number;
    readonly velocityWindowSeconds: number;
    readonly validitySeconds: number;
    readonly registeredAccountsOnly: boolean;
  };
  readonly bundler: {
    readonly maxOpsPerBundle: number;
    readonly intervalMs: number;
    readonly stuckAfterMs: number;
    readonly pollIntervalMs: number;
    /** While bundles are in flight, the node is asked for its block number this often; a new block starts a round at once. */
    readonly blockPollMs: number;
    readonly feeBumpPercent: number;
    /** An instance that stops renewing loses its executor keys and operations to the others after this long. */
    readonly leaseMs: number;
    /** Unique among running instances; random unless RELAYER_INSTANCE_ID sets a stable one (it then resumes its leases at once after a restart). */
    readonly instanceId: string | undefined;
  };
  readonly commerce: {
    /** Origin of the web app, for payment-request links (`<origin>/pay/<id>`). */
    readonly publicOrigin: string;
    /** JSON-RPC URL browsers read the chain from; undefined: the relayer's read-only `/chain`. */
    readonly publicRpcUrl: string | undefined;
    readonly explorerUrl: string | undefined;
    /** Test-stablecoin faucet (minted with `keys.faucet`); default on for chain 31337 only. */
    readonly faucetEnabled: boolean;
    readonly indexerPollMs: number;
    /**
     * Blocks an event must be buried under before it is indexed: a reorg shallower than this
     * never reaches the index. Default 0 on the local chain (it does not reorg), 3 elsewhere.
     */
    readonly indexerConfirmations: number;
    /**
     * How ledger rows become safe and finalized: the chain's `safe`/`finalized` blocks, or (the
     * default on the local chain, whose every block is both) blocks on top of them.
     */
    readonly indexerFinality:
      | { readonly mode: "tags" }
      | { readonly mode: "depth"; readonly safeDepth: bigint; readonly finalizedDepth: bigint };
    /** POST /chain: eth_getLogs may span at most `maxLogBlocks` blocks and return at most `maxLogs` logs. */
    readonly chainProxy: { readonly maxLogBlocks: number; readonly maxLogs: number };
  };
  readonly fx: {
    /** Seconds a quote stays executable: its expiry is the router's deadline. */
    readonly quoteTtlSeconds: number;
    /** Buffer over the quoted price the payer signs as its maximum, in basis points. */
    readonly slippageBps: number;
  };
  readonly webhooks: {
    readonly pollMs: number;
    /** Retry delays grow from `retryBaseMs`, doubling (with jitter) up to `retryMaxMs`, for at least `retryForMs`. */
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
    readonly retryForMs: number;
    readonly timeoutMs: number;
    readonly concurrency: number;
    /** Endpoints on loopback, private or link-local addresses (and plain http): local chain only by default. */
    readonly allowPrivateEndpoints: boolean;
  };
};

export class ConfigError extends BaseError {
  constructor(shortMessage: string, parameters: { details?: string; metaMessages?: string[]; cause?: unknown } = {}) {
    super(shortMessage, { ...parameters, name: "ConfigError" });
  }
}

/** `deployments/<chainId>.json` as scripts/deploy.ts writes it (only the fields the relayer uses). */
const deploymentSchema = z.looseObject({
  chainId: z.number(),
  entryPoint: address,
  accountFactory: address,
  sponsorPaymaster: address,
  paymentEscrow: address.optional(),
  loyaltyPoints: address.optional(),
  startBlock: z.number().int().nonnegative().default(0),
  fx: z.looseObject({ router: address }).optional(),
  tokens: z
    .record(
      z.string(),
      z.looseObject({
        address,
        currency: z.string().optional(),
        symbol: z.string().optional(),
        decimals: z.number().int().min(0).max(36).default(6),
        test: z.boolean().default(false),
      }),
    )
    .default({}),
});

type Deployment = z.output<typeof deploymentSchema>;

function readDeployment(file: string, chainId: number): Deployment {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new ConfigError(`Cannot read the deployment file ${file}.`, {
      cause,
      metaMessages: ["Deploy the contracts first (scripts/deploy.ts) or set DEPLOYMENT_FILE / *_ADDRESS variables."],
    });
  }
  const parsed = deploymentSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`The deployment file ${file} is malformed.`, { details: z.prettifyError(parsed.error) });
  if (parsed.data.chainId !== chainId) {
    throw new ConfigError(`The deployment file ${file} is for chain ${parsed.data.chainId}, not ${chainId}.`);
  }
  return parsed.data;
}

function resolveContracts(env: z.output<typeof envSchema>, cwd: string): Contracts {
  const overrides = env.ENTRY_POINT_ADDRESS && env.ACCOUNT_FACTORY_ADDRESS && env.PAYMASTER_ADDRESS;
  const file = env.DEPLOYMENT_FILE ?? (overrides ? undefined : `deployments/${env.CHAIN_ID}.json`);
  const deployed = file ? readDeployment(isAbsolute(file) ? file : resolve(cwd, file), env.CHAIN_ID) : undefined;
  const required = (value: Address | undefined, variable: string): Address => {
    if (value) return value;
    throw new ConfigError(`No ${variable.replace(/_ADDRESS$/, "").toLowerCase().replaceAll("_", " ")} address.`, {
      metaMessages: [`Set ${variable} or add it to the deployment file${file ? ` ${file}` : ""}.`],
    });
  };
  const stablecoins = env.STABLECOIN_ADDRESSES ?? Object.values(deployed?.tokens ?? {}).map((token) => token.address);
  const tokens = Object.entries(deployed?.tokens ?? {})
    .filter(([, token]) => stablecoins.includes(token.address))
    .map(([key, token]) => ({
      currency: token.currency ?? key,
      address: token.address,
      symbol: token.symbol ?? token.currency ?? key,
      decimals: token.decimals,
      test: token.test,
    }));
  return {
    entryPoint: required(env.ENTRY_POINT_ADDRESS ?? deployed?.entryPoint, "ENTRY_POINT_ADDRESS"),
    accountFactory: required(env.ACCOUNT_FACTORY_ADDRESS ?? deployed?.accountFactory, "ACCOUNT_FACTORY_ADDRESS"),
    paymaster: required(env.PAYMASTER_ADDRESS ?? deployed?.sponsorPaymaster, "PAYMASTER_ADDRESS"),
    escrow: env.ESCROW_ADDRESS ?? deployed?.paymentEscrow,
    loyaltyPoints: deployed?.loyaltyPoints,
    stablecoins,
    fxRouter: env.FX_ROUTER_ADDRESS ?? deployed?.fx?.router,
    tokens,
    startBlock: BigInt(env.INDEXER_START_BLOCK ?? deployed?.startBlock ?? 0),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Parses the configuration. Throws a ConfigError that names every invalid variable.
 * `cwd` resolves relative paths (deployment file, data directory).
 */
export function loadConfig(input: ConfigInput | NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // An empty variable means "not set".
  const present = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError("The relayer configuration is invalid.", { details: z.prettifyError(parsed.error) });
  }
  const env = parsed.data;
  const local = env.CHAIN_ID === localChainId;
  if (!local) {
    const missing = (["EXECUTOR_PRIVATE_KEYS", "PAYMASTER_SIGNER_PRIVATE_KEY", "RP_ID", "ALLOWED_ORIGINS"] as const).filter(
      (name) => env[name] === undefined,
    );
    if (missing.length > 0) {
      throw new ConfigError(`Chain ${env.CHAIN_ID} is not the local chain: ${missing.join(", ")} must be set.`, {
        metaMessages: [`Development keys and origins are defaults only on chain ${localChainId}.`],
      });
    }
  }
  const executors = env.EXECUTOR_PRIVATE_KEYS ?? devKeyIndices.executors.map(hardhatDevKey);
  if (executors.length === 0) throw new ConfigError("EXECUTOR_PRIVATE_KEYS lists no key.");
  if (new Set(executors).size !== executors.length) throw new ConfigError("EXECUTOR_PRIVATE_KEYS lists a key twice.");
  const paymasterSigner = env.PAYMASTER_SIGNER_PRIVATE_KEY ?? hardhatDevKey(devKeyIndices.paymasterSigner);
  if (executors.includes(paymasterSigner)) {
    throw new ConfigError("The paymaster signer key must not also be an executor key.");
  }
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError("HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS (the headers are part of the request).");
  }
  const rpId = env.RP_ID ?? "localhost";
  const origins = env.ALLOWED_ORIGINS ?? [`http://localhost:${env.PORT}`, "http://localhost:5173"];
  const faucetEnabled = env.FAUCET_ENABLED ?? local;
  // Hardhat account #0 deploys the local test stablecoins and so holds their MINTER_ROLE.
  const faucet = env.FAUCET_KEY ?? (local ? hardhatDevKey(0) : undefined);
  if (faucetEnabled && !faucet) throw new ConfigError("FAUCET_ENABLED needs FAUCET_KEY (a key holding the test stablecoins' MINTER_ROLE).");
  const keys = { executors, paymasterSigner, faucet, demoMerchant: local ? hardhatDevKey(devKeyIndices.demoMerchant) : undefined };
  Object.defineProperty(keys, "toJSON", { value: () => "[redacted]", enumerable: false });

  return deepFreeze<Config>({
    chain: { id: env.CHAIN_ID, rpcUrl: env.RPC_URL },
    contracts: resolveContracts(env, cwd),
    keys,
    auth: {
      rpId,
      rpName: env.RP_NAME,
      origins: origins.map((origin) => new URL(origin).origin),
      challengeTtlSeconds: 300,
      maxPendingChallenges: env.AUTH_MAX_PENDING_CHALLENGES,
      sessionTtlSeconds: env.SESSION_TTL_SECONDS,
      cookieSecure: env.COOKIE_SECURE ?? !origins.every((origin) => new URL(origin).protocol === "http:"),
    },
    database: {
      url: env.DATABASE_URL,
      schema: env.DATABASE_SCHEMA,
      dataDir: isAbsolute(env.DATA_DIR) || env.DATA_DIR.startsWith("memory://") ? env.DATA_DIR : resolve(cwd, env.DATA_DIR),
    },
    http: {
      host: env.HOST,
      port: env.PORT,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      rateLimitPerIp: env.RATE_LIMIT_PER_IP,
      rateLimitPerAccount: env.RATE_LIMIT_PER_ACCOUNT,
      rateLimitAuthOptionsPerIp: env.RATE_LIMIT_AUTH_OPTIONS_PER_IP,
      timeouts: {
        connectionMs: env.HTTP_CONNECTION_TIMEOUT_MS,
        headersMs: env.HTTP_HEADERS_TIMEOUT_MS,
        requestMs: env.HTTP_REQUEST_TIMEOUT_MS,
        keepAliveMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      },
      maxConnectionsPerIp: env.HTTP_MAX_CONNECTIONS_PER_IP,
      staticDir: env.STATIC_DIR ? resolve(cwd, env.STATIC_DIR) : undefined,
    },
    logLevel: env.LOG_LEVEL,
    policy: {
      dailyOpsPerAccount: env.SPONSOR_DAILY_OPS_PER_ACCOUNT,
      dailyGasPerAccount: env.SPONSOR_DAILY_GAS_PER_ACCOUNT,
      dailyBudgetWei: env.SPONSOR_DAILY_BUDGET_WEI,
      maxGasPriceWei: env.SPONSOR_MAX_GAS_PRICE_WEI,
      blocklist: env.SPONSOR_BLOCKLIST,
      reviewAmount: env.SPONSOR_REVIEW_AMOUNT,
      velocityMaxOps: env.SPONSOR_VELOCITY_MAX_OPS,
      velocityWindowSeconds: env.SPONSOR_VELOCITY_WINDOW_SECONDS,
      validitySeconds: env.SPONSOR_VALIDITY_SECONDS,
      registeredAccountsOnly: env.SPONSOR_REGISTERED_ACCOUNTS_ONLY,
    },
    bundler: {
      maxOpsPerBundle: env.BUNDLE_MAX_OPS,
      intervalMs: env.BUNDLE_INTERVAL_MS,
      stuckAfterMs: env.EXECUTOR_STUCK_AFTER_MS,
      pollIntervalMs: env.EXECUTOR_POLL_MS,
      blockPollMs: env.EXECUTOR_BLOCK_POLL_MS,
      feeBumpPercent: env.EXECUTOR_FEE_BUMP_PERCENT,
      leaseMs: env.EXECUTOR_LEASE_MS,
      instanceId: env.RELAYER_INSTANCE_ID,
    },
    commerce: {
      publicOrigin: (env.PUBLIC_ORIGIN ?? new URL(origins[0] ?? `http://localhost:${env.PORT}`).origin).replace(/\/+$/, ""),
      publicRpcUrl: env.PUBLIC_RPC_URL,
      explorerUrl: env.EXPLORER_URL?.replace(/\/+$/, ""),
      faucetEnabled,
      indexerPollMs: env.INDEXER_POLL_MS,
      indexerConfirmations: env.INDEXER_CONFIRMATIONS ?? (local ? 0 : 3),
      indexerFinality:
        (env.INDEXER_FINALITY ?? (local ? "depth" : "tags")) === "tags"
          ? { mode: "tags" }
          : { mode: "depth", safeDepth: BigInt(env.INDEXER_SAFE_DEPTH), finalizedDepth: BigInt(Math.max(env.INDEXER_FINALIZED_DEPTH, env.INDEXER_SAFE_DEPTH)) },
      chainProxy: { maxLogBlocks: env.CHAIN_PROXY_MAX_LOG_BLOCKS, maxLogs: env.CHAIN_PROXY_MAX_LOGS },
    },
    fx: { quoteTtlSeconds: env.FX_QUOTE_TTL_SECONDS, slippageBps: env.FX_SLIPPAGE_BPS },
    webhooks: {
      pollMs: env.WEBHOOK_POLL_MS,
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: Math.max(env.WEBHOOK_RETRY_MAX_MS, env.WEBHOOK_RETRY_BASE_MS),
      retryForMs: env.WEBHOOK_RETRY_FOR_SECONDS * 1000,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      concurrency: env.WEBHOOK_CONCURRENCY,
      allowPrivateEndpoints: env.WEBHOOK_ALLOW_PRIVATE_ENDPOINTS ?? local,
    },
  });
}
