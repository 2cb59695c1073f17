// `npm start`: the whole system on one machine with embedded defaults — the in-process chain
// served as JSON-RPC on 127.0.0.1:8545, every contract deployed (deployments/31337.json),
// demo stablecoins minted to demo accounts, a demo merchant registered — and prints a
// summary. Runs until Ctrl-C.
import { type Address, type Hex, createPublicClient, createWalletClient, formatUnits, http, parseUnits } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { paymentEscrowAbi } from "../web/src/generated/contracts.ts";
import { build } from "./build.ts";
import { deployPaykey, mintTestTokens, writeDeployment } from "./deploy.ts";
import { startLocalChain } from "./lib/chain.ts";
import { devAccount, devAccountRoles } from "./lib/devAccounts.ts";

const chainPort = Number(process.env.CHAIN_PORT ?? 8545);

async function main() {
  console.log("[paykey] building contracts");
  await build();

  console.log(`[paykey] starting the in-process chain on 127.0.0.1:${chainPort}`);
  const chain = await startLocalChain({ port: chainPort });
  const stopAll = async () => {
    await chain.stop();
    process.exit(0);
  };
  process.on("SIGINT", stopAll);
  process.on("SIGTERM", stopAll);

  const transport = http(chain.url);
  const publicClient = createPublicClient({ transport });
  const chainId = await publicClient.getChainId();
  const localChain = {
    id: chainId,
    name: "Paykey local",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [chain.url] } },
  } as const;
  const deployer = createWalletClient({ account: devAccount(devAccountRoles.deployer), chain: localChain, transport });

  console.log("[paykey] deploying contracts");
  const deployment = await deployPaykey({
    publicClient,
    walletClient: deployer,
    sponsorSigner: devAccount(devAccountRoles.sponsorSigner).address,
    feeReceiver: devAccount(devAccountRoles.feeReceiver).address,
  });
  const deploymentFile = await writeDeployment(deployment);

  // Demo data: stablecoins for the demo payers, and a demo merchant settling in tUSDC.
  const usd = deployment.tokens.USD;
  const eur = deployment.tokens.EUR;
  if (!usd || !eur) throw new Error("the local deployment has no test stablecoins");
  const demoPayers = devAccountRoles.demoPayers.map((index) => devAccount(index));
  for (const payer of demoPayers) {
    await mintTestTokens({ publicClient, walletClient: deployer }, usd.address, payer.address, parseUnits("1000", 6));
    await mintTestTokens({ publicClient, walletClient: deployer }, eur.address, payer.address, parseUnits("1000", 6));
  }
  const merchantOwner = devAccount(devAccountRoles.demoMerchant);
  const merchantClient = createWalletClient({ account: merchantOwner, chain: localChain, transport });
  const registerHash = await merchantClient.writeContract({
    address: deployment.paymentEscrow,
    abi: paymentEscrowAbi,
    functionName: "registerMerchant",
    args: [merchantOwner.address, usd.address, merchantOwner.address, 100],
  });
  await publicClient.waitForTransactionReceipt({ hash: registerHash });
  const merchantId = await publicClient.readContract({
    address: deployment.paymentEscrow,
    abi: paymentEscrowAbi,
    functionName: "merchantCount",
  });

  const line = (label: string, value: string) => console.log(`  ${label.padEnd(22)} ${value}`);
  console.log("\nPaykey is running.\n");
  line("Chain (JSON-RPC)", `${chain.url}  (chain id ${chainId})`);
  line("Deployment", deploymentFile);
  for (const [name, address] of Object.entries({
    EntryPoint: deployment.entryPoint,
    PaymentEscrow: deployment.paymentEscrow,
    LoyaltyPoints: deployment.loyaltyPoints,
    PaykeyAccountFactory: deployment.accountFactory,
    SponsorPaymaster: deployment.sponsorPaymaster,
    tUSDC: usd.address,
    tEURC: eur.address,
  } as Record<string, Address>)) {
    line(name, address);
  }
  console.log("\n  Demo accounts (local chain only — well-known Hardhat keys, never use them elsewhere):");
  for (const payer of demoPayers) {
    const balance = await publicClient.readContract({
      address: usd.address,
      abi: [{ type: "function", name: "balanceOf", stateMutability: "view", inputs: [{ type: "address" }], outputs: [{ type: "uint256" }] }],
      functionName: "balanceOf",
      args: [payer.address],
    });
    line("payer", `${payer.address}  ${formatUnits(balance, 6)} tUSDC, key ${privateKeyOf(payer)}`);
  }
  line("merchant #" + merchantId, `${merchantOwner.address}  settles in tUSDC, 1% loyalty, fee ${deployment.defaultFeeBps} bps`);
  console.log("\nPress Ctrl-C to stop.");
}

function privateKeyOf(account: ReturnType<typeof mnemonicToAccount>): Hex {
  return `0x${Buffer.from(account.getHdKey().privateKey ?? []).toString("hex")}`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
