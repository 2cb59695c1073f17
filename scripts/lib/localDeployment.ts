// Paykey on a local chain with demo data: every contract deployed (scripts/deploy.ts), the
// deployment file written, and a demo merchant registered that settles in test USD. Shared
// by `npm start` (scripts/dev.ts) and the relayer benchmark.
import { createPublicClient, createWalletClient, http, parseEther, type PublicClient } from "viem";
import { paymentEscrowAbi } from "@paykey/sdk/contracts";
import { deployPaykey, writeDeployment } from "../deploy.ts";
import { deployCanonicalEntryPoint } from "./canonicalEntryPoint.ts";
import { devAccount, devAccountRoles } from "./devAccounts.ts";

export type LocalDeployment = Awaited<ReturnType<typeof deployLocalPaykey>>;

export async function deployLocalPaykey(
  chainUrl: string,
  options: {
    deploymentFile?: string;
    paymasterDeposit?: bigint;
    /** "canonical": the public EntryPoint v0.8 at its address (canonicalEntryPoint.ts); default: a fresh one. */
    entryPoint?: "canonical";
  } = {},
) {
  const transport = http(chainUrl);
  const probe = createPublicClient({ transport });
  const chainId = await probe.getChainId();
  const chain = {
    id: chainId,
    name: "Paykey local",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [chainUrl] } },
  } as const;
  const publicClient = createPublicClient({ chain, transport }) as PublicClient;
  const deployer = createWalletClient({ account: devAccount(devAccountRoles.deployer), chain, transport });

  const deployment = await deployPaykey({
    publicClient,
    walletClient: deployer,
    sponsorSigner: devAccount(devAccountRoles.sponsorSigner).address,
    feeReceiver: devAccount(devAccountRoles.feeReceiver).address,
    paymasterDeposit: options.paymasterDeposit ?? parseEther("10"),
    fx: { feedOperator: devAccount(devAccountRoles.fxOperator).address },
    ...(options.entryPoint === "canonical" ? { entryPoint: await deployCanonicalEntryPoint(publicClient, deployer) } : {}),
  });
  const deploymentFile = await writeDeployment(deployment, options.deploymentFile);

  const usd = deployment.tokens.USD;
  const eur = deployment.tokens.EUR;
  if (!usd || !eur) throw new Error("the local deployment has no test stablecoins");
  const merchantOwner = devAccount(devAccountRoles.demoMerchant);
  const merchantClient = createWalletClient({ account: merchantOwner, chain, transport });
  await publicClient.waitForTransactionReceipt({
    hash: await merchantClient.writeContract({
      address: deployment.paymentEscrow,
      abi: paymentEscrowAbi,
      functionName: "registerMerchant",
      args: [merchantOwner.address, usd.address, merchantOwner.address, 100],
    }),
  });
  const merchantId = await publicClient.readContract({ address: deployment.paymentEscrow, abi: paymentEscrowAbi, functionName: "merchantCount" });
  return { chain, chainId, publicClient, deployer, deployment, deploymentFile, usd, eur, merchantOwner, merchantId };
}
