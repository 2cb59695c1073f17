// Cross-border settlement in a deployment: the FxRouter over the USD stablecoin, one pair per other
// currency with its price feed, and (test stablecoins only) liquidity seeded by the deployer.
//
// On the local chain each feed is a ManualPriceFeed the FX operator key updates (npm start moves it
// along a random walk); on any other chain the feeds must be real ones, named by `feeds` (the deploy
// script's FX_FEEDS=EUR:0x<EUR / USD feed>): a ManualPriceFeed, whose owner decides the price, is never
// deployed there.
import type { Abi, Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import { getAddress, maxUint256 } from "viem";
import {
  aggregatorV3InterfaceAbi,
  fxRouterAbi,
  fxRouterBytecode,
  manualPriceFeedAbi,
  manualPriceFeedBytecode,
  testStablecoinAbi,
} from "@paykey/sdk/contracts";

/** A pair of the router in the deployment file: the base token's currency, its feed and whether we set that feed by hand. */
export type DeployedFxPair = { currency: string; token: Address; feed: Address; manualFeed: boolean; spreadBps: number; maxAge: number };
export type DeployedFx = { router: Address; numeraire: Address; operator: Address; pairs: DeployedFxPair[] };

type Token = { address: Address; currency: string; decimals: number; test: boolean };

export type DeployFxParameters = {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** The deployment's settlement tokens by currency; USD is the numeraire. */
  tokens: Record<string, Token>;
  /** Real feeds by currency (price of one unit in USD). Required off the local chain; ManualPriceFeeds otherwise. */
  feeds?: Record<string, Address>;
  /** Key that updates the local ManualPriceFeeds (npm start's FX operator); the deployer by default. */
  feedOperator?: Address;
  /** Liquidity the deployer seeds per token when the tokens are test stablecoins (base units). Default 1,000,000.00. */
  seed?: bigint;
  local: boolean;
};

/** Spread and staleness bound of every pair; the band is 0.5-2× the feed's first answer. */
export const fxPairDefaults = { spreadBps: 25, maxAge: 3_600 } as const;
/** Where the local EUR / USD feed starts (8 decimals, as Chainlink's fiat feeds). */
export const localFeedStart: Record<string, bigint> = { EUR: 108_500_000n };
const feedDecimals = 8;

async function sendAndWait(parameters: DeployFxParameters, request: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] }) {
  const { publicClient, walletClient } = parameters;
  const hash = await walletClient.writeContract({ ...request, chain: walletClient.chain, account: walletClient.account } as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} (${request.functionName}) failed`);
  return receipt;
}

async function deployContract(parameters: DeployFxParameters, abi: Abi, bytecode: Hex, args: readonly unknown[]) {
  const { publicClient, walletClient } = parameters;
  const hash = await walletClient.deployContract({ abi, bytecode, args, chain: walletClient.chain });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) throw new Error(`deployment transaction ${hash} failed`);
  return getAddress(receipt.contractAddress);
}

/** Deploys the router and lists every non-USD token; undefined when there is no USD token or nothing to pair. */
export async function deployFx(parameters: DeployFxParameters): Promise<DeployedFx | undefined> {
  const { tokens, walletClient } = parameters;
  const usd = tokens.USD;
  const others = Object.values(tokens).filter((token) => token.currency !== "USD");
  if (!usd || others.length === 0) return undefined;
  if (!parameters.local && others.some((token) => !parameters.feeds?.[token.currency])) {
    // Off the local chain a pair needs a real feed; without one the router is not deployed at all.
    return undefined;
  }
  const deployer = walletClient.account.address;
  const operator = parameters.feedOperator ?? deployer;
  const router = await deployContract(parameters, fxRouterAbi, fxRouterBytecode, [deployer, usd.address]);

  const pairs: DeployedFxPair[] = [];
  for (const token of others) {
    const real = parameters.feeds?.[token.currency];
    const start = localFeedStart[token.currency] ?? 100_000_000n;
    const feed = real
      ? getAddress(real)
      : await deployContract(parameters, manualPriceFeedAbi, manualPriceFeedBytecode, [operator, feedDecimals, `${token.currency} / USD`, start]);
    const answer = real
      ? (await parameters.publicClient.readContract({ address: feed, abi: aggregatorV3InterfaceAbi, functionName: "latestRoundData" }))[1]
      : start;
    const config = { feed, ...fxPairDefaults, minAnswer: answer / 2n, maxAnswer: answer * 2n, enabled: true };
    await sendAndWait(parameters, { address: router, abi: fxRouterAbi, functionName: "setPair", args: [token.address, config] });
    pairs.push({ currency: token.currency, token: token.address, feed, manualFeed: !real, ...fxPairDefaults });
  }

  // Seed the pool from the deployer with test stablecoins (real ones come from liquidity providers).
  const seed = parameters.seed ?? 1_000_000_000_000n;
  for (const token of [usd, ...others]) {
    if (!token.test || seed === 0n) continue;
    await sendAndWait(parameters, { address: token.address, abi: testStablecoinAbi, functionName: "mint", args: [deployer, seed] });
    await sendAndWait(parameters, { address: token.address, abi: testStablecoinAbi, functionName: "approve", args: [router, maxUint256] });
    await sendAndWait(parameters, { address: router, abi: fxRouterAbi, functionName: "deposit", args: [token.address, seed, 0n] });
  }
  return { router, numeraire: usd.address, operator, pairs };
}
