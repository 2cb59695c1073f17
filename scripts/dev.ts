// `npm start`: the whole system on one machine with embedded defaults — the in-process chain
// served as JSON-RPC on 127.0.0.1:8545, every contract deployed (deployments/31337.json),
// demo stablecoins minted to demo accounts, a demo merchant registered (and a second one settling
// in tEURC, with an open euro invoice a dollar payer can pay at once), the web app built
// (when web/index.html exists), and the relayer (PGlite in .data/relayer) serving the web
// app, its REST routes and the ERC-4337 / ERC-7677 JSON-RPC on one origin. Prints the URL
// to open and runs until Ctrl-C, which stops the relayer and the chain.
//
//   CHAIN       hardhat (default: the in-process chain) or anvil (Foundry's node, from
//               @foundry-rs/anvil); also `npm start -- --chain anvil`
//   CHAIN_PORT  the chain's port (8545; 0 picks a free one)
//   PORT        the relayer's port (8787; 0 picks a free one)
//   LOG_LEVEL   the relayer's log level (info)
//   DATA_DIR    the relayer's PGlite directory (.data/relayer, emptied at start: the chain is new)
//   DEPLOYMENT_FILE  where the deployment is written (deployments/31337.json)
//   PAYKEY_SKIP_WEB_BUILD=1   serve web/dist as it is, without building it first
//   FX_FEED_INTERVAL_MS  how often the local EUR / USD feed moves (5000; 0 keeps it still)
//
// The demo merchant's store comes with four weeks of real sales (scripts/lib/demoHistory.ts); the
// first merchant to sign in at /merchant can take it over and sees its dashboard and charts.
import { existsSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Address, erc20Abi, formatUnits, parseUnits } from "viem";
import { hardhatDevKey, loadConfig } from "../server/src/config.ts";
import { startRelayer, type Relayer } from "../server/src/relayer.ts";
import { build } from "./build.ts";
import { mintTestTokens } from "./deploy.ts";
import type { LocalChain } from "./lib/chain.ts";
import { parseChainKind, startChainBackend } from "./lib/chainBackend.ts";
import { devAccount, devAccountRoles } from "./lib/devAccounts.ts";
import { openEuroDemoStore, startFeedWalk } from "./lib/fxDemo.ts";
import { seedDemoHistory } from "./lib/demoHistory.ts";
import { deployLocalPaykey } from "./lib/localDeployment.ts";
import { projectRoot } from "./lib/run.ts";

const { values: flags } = parseArgs({ options: { chain: { type: "string" } }, allowPositionals: true });
const chainKind = parseChainKind(flags.chain ?? process.env.CHAIN);
const chainPort = Number(process.env.CHAIN_PORT ?? 8545);
const relayerPort = process.env.PORT ?? "8787";
const webDist = join(projectRoot, "web", "dist");
/** The relayer's database. The chain starts empty every time, so the database does too. */
const dataDir = resolve(projectRoot, process.env.DATA_DIR ?? join(".data", "relayer"));
const deploymentFile = process.env.DEPLOYMENT_FILE ? resolve(projectRoot, process.env.DEPLOYMENT_FILE) : undefined;

let chain: LocalChain | undefined;
let relayer: Relayer | undefined;
let stopFeedWalk: (() => Promise<void>) | undefined;
let stopping = false;

async function stop(reason: string, code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log(`\n[paykey] ${reason}: stopping the relayer and the chain`);
    await stopFeedWalk?.();
    await relayer?.close().catch((error: unknown) => console.error("[paykey] the relayer did not stop cleanly:", error));
    await chain?.stop();
  }
  process.exit(code);
}

async function main(): Promise<void> {
  process.on("SIGINT", () => void stop("SIGINT", 0));
  process.on("SIGTERM", () => void stop("SIGTERM", 0));
  // Contracts, their generated ABIs and the web app (web/dist, which the relayer serves).
  console.log("[paykey] building contracts and the web app");
  await build({ web: process.env.PAYKEY_SKIP_WEB_BUILD !== "1" });

  const chainName = chainKind === "anvil" ? "anvil" : "the in-process chain";
  console.log(`[paykey] starting ${chainName} on 127.0.0.1:${chainPort || "(free port)"}`);
  // The "demo" network starts five weeks ago, so the demo history can be mined at past times.
  chain = await startChainBackend(chainKind, { port: chainPort, network: "demo" });

  console.log("[paykey] deploying contracts");
  const local = await deployLocalPaykey(chain.url, { deploymentFile });
  // Demo data: stablecoins for the demo payers (the demo merchant settles in tUSDC).
  const demoPayers = devAccountRoles.demoPayers.map((index) => ({ index, address: devAccount(index).address }));
  for (const payer of demoPayers) {
    await mintTestTokens({ publicClient: local.publicClient, walletClient: local.deployer }, local.usd.address, payer.address, parseUnits("1000", 6));
    await mintTestTokens({ publicClient: local.publicClient, walletClient: local.deployer }, local.eur.address, payer.address, parseUnits("1000", 6));
  }

  rmSync(dataDir, { recursive: true, force: true });
  const config = loadConfig({
    CHAIN_ID: String(local.chainId),
    RPC_URL: chain.url,
    DEPLOYMENT_FILE: local.deploymentFile,
    DATA_DIR: dataDir,
    // localhost: the passkeys' relying party id, on IPv4 and IPv6 alike.
    HOST: "localhost",
    PORT: relayerPort,
    RP_ID: "localhost",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    ...(existsSync(join(webDist, "index.html")) ? { STATIC_DIR: webDist } : {}),
  });
  relayer = await startRelayer(config);
  const port = new URL(relayer.url).port;
  console.log("[paykey] mining four weeks of demo sales for the demo merchant");
  const seeding = Date.now();
  const history = await seedDemoHistory({ local, chainUrl: chain.url, store: relayer.context.store });
  console.log(`[paykey] ${history.sales} demo sales mined in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
  // The euro merchant and the moving EUR / USD feed once the chain's clock has reached now.
  const euroShop = await openEuroDemoStore(local, relayer);
  stopFeedWalk = await startFeedWalk(local, Number(process.env.FX_FEED_INTERVAL_MS ?? 5_000));
  // A block every two seconds from now on, so new payments become final (five blocks on top) without other traffic.
  await local.publicClient.request({ method: "evm_setIntervalMining" as never, params: [2_000] as never });
  const appUrl = `http://localhost:${port}`;

  const line = (label: string, value: string) => console.log(`  ${label.padEnd(22)} ${value}`);
  console.log("\nPaykey is running.\n");
  console.log(`  Open ${appUrl}${config.http.staticDir ? "" : "   (no web app yet: web/index.html is missing, the relayer's API is served)"}\n`);
  line("Relayer RPC", `${appUrl}/rpc   (ERC-4337 bundler + ERC-7677 paymaster, chain ${local.chainId})`);
  line("Chain JSON-RPC", `${chain.url}   (${chain.kind})`);
  line("Deployment", relative(process.cwd(), local.deploymentFile) || local.deploymentFile);
  for (const [name, address] of Object.entries({
    EntryPoint: local.deployment.entryPoint,
    PaymentEscrow: local.deployment.paymentEscrow,
    LoyaltyPoints: local.deployment.loyaltyPoints,
    PaykeyAccountFactory: local.deployment.accountFactory,
    SponsorPaymaster: local.deployment.sponsorPaymaster,
    tUSDC: local.usd.address,
    tEURC: local.eur.address,
    ...(local.deployment.fx
      ? { FxRouter: local.deployment.fx.router, ...Object.fromEntries(local.deployment.fx.pairs.map((pair) => [`${pair.currency} / USD feed`, pair.feed])) }
      : {}),
  } as Record<string, Address>)) {
    line(name, address);
  }
  console.log("\n  Demo accounts (local chain only — well-known Hardhat keys, never use them elsewhere):");
  for (const payer of demoPayers) {
    const [usd, eur] = await Promise.all(
      [local.usd.address, local.eur.address].map((token) =>
        local.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [payer.address] }),
      ),
    );
    line("payer", `${payer.address}  ${formatUnits(usd!, 6)} tUSDC, ${formatUnits(eur!, 6)} tEURC, key ${hardhatDevKey(payer.index)}`);
  }
  line(`merchant #${local.merchantId}`, `${local.merchantOwner.address}  settles in tUSDC, fee ${local.deployment.defaultFeeBps} bps`);
  line(`merchant #${euroShop.merchantId}`, `${euroShop.merchant}  settles in tEURC, fee ${local.deployment.defaultFeeBps} bps`);
  console.log(`\n  A euro invoice to pay with dollars (the EUR / USD feed moves every few seconds):\n  ${appUrl}/pay/${euroShop.requestId}`);
  line("demo store", `Paykey Demo Café: ${history.sales} sales over four weeks (${history.transactions} transactions); open /merchant, sign in and take it over`);
  console.log("\nPress Ctrl-C to stop.");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  void stop("failed to start", 1);
});
