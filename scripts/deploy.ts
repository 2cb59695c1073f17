// Deploys Paykey's contracts with plain viem (works against any JSON-RPC chain) and writes
// `deployments/<chainId>.json`. Used by `npm start`, the relayer's tests and benchmarks.
//
//   node scripts/deploy.ts                      # local chain at RPC_URL (default 127.0.0.1:8545)
//   RPC_URL=… DEPLOYER_KEY=0x… SPONSOR_SIGNER=0x… FEE_RECEIVER=0x… \
//   ENTRY_POINT=0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108 \
//   SETTLEMENT_TOKENS=USD:0x…:USDC,EUR:0x…:EURC node scripts/deploy.ts
//
// On a public chain pass the canonical EntryPoint v0.8 (ENTRY_POINT) and the real stablecoins
// (SETTLEMENT_TOKENS, e.g. USDC and EURC); test stablecoins are deployed only when none are given.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  getAddress,
  http,
  parseEther,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  entryPointAbi,
  entryPointBytecode,
  passkeyGuardianVerifierAbi,
  passkeyGuardianVerifierBytecode,
  paykeyAccountFactoryAbi,
  paykeyAccountFactoryBytecode,
  paymentEscrowAbi,
  paymentEscrowBytecode,
  sponsorPaymasterAbi,
  sponsorPaymasterBytecode,
  testStablecoinAbi,
  testStablecoinBytecode,
} from "@paykey/sdk/contracts";
import { localChainId } from "@paykey/sdk/chain";
import { projectRoot } from "./lib/run.ts";

/** A settlement token the deployment knows about. */
export type DeployedToken = { address: Address; symbol: string; currency: string; decimals: number; test: boolean };

/** What `deployments/<chainId>.json` holds. */
export type PaykeyDeployment = {
  chainId: number;
  /** First block to scan for Paykey events (the block of the first deployment transaction). */
  startBlock: number;
  deployer: Address;
  entryPoint: Address;
  paymentEscrow: Address;
  loyaltyPoints: Address;
  accountFactory: Address;
  accountImplementation: Address;
  passkeyGuardianVerifier: Address;
  sponsorPaymaster: Address;
  sponsorSigner: Address;
  feeReceiver: Address;
  defaultFeeBps: number;
  tokens: Record<string, DeployedToken>;
};

export type DeployPaykeyParameters = {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** Key that signs paymaster sponsorships (the relayer's). */
  sponsorSigner: Address;
  /** Receives the platform fee; defaults to the deployer. */
  feeReceiver?: Address;
  /** Platform fee in basis points (disclosed on-chain per merchant). Default 100 (1%). */
  defaultFeeBps?: number;
  /** An existing EntryPoint v0.8 (the canonical one on public chains); deployed fresh when absent. */
  entryPoint?: Address;
  /** Existing settlement tokens; two test stablecoins (tUSDC, tEURC) are deployed when absent. */
  settlementTokens?: DeployedToken[];
  /** ETH the paymaster deposits at the EntryPoint to sponsor gas. Default 10 ETH. */
  paymasterDeposit?: bigint;
};

async function deploy(
  parameters: DeployPaykeyParameters,
  abi: Abi,
  bytecode: Hex,
  args: readonly unknown[],
): Promise<{ address: Address; blockNumber: bigint }> {
  const { publicClient, walletClient } = parameters;
  const hash = await walletClient.deployContract({ abi, bytecode, args, chain: walletClient.chain });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new Error(`deployment transaction ${hash} failed`);
  }
  return { address: getAddress(receipt.contractAddress), blockNumber: receipt.blockNumber };
}

async function send(parameters: DeployPaykeyParameters, request: Parameters<WalletClient["writeContract"]>[0]) {
  const { publicClient, walletClient } = parameters;
  const hash = await walletClient.writeContract({ ...request, chain: walletClient.chain, account: walletClient.account });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} (${request.functionName}) failed`);
  return receipt;
}

/** Deploys EntryPoint (unless given), test stablecoins (unless given), escrow + loyalty points, account factory, guardian verifier and sponsoring paymaster. */
export async function deployPaykey(parameters: DeployPaykeyParameters): Promise<PaykeyDeployment> {
  const { publicClient, walletClient } = parameters;
  const deployer = walletClient.account.address;
  const feeReceiver = parameters.feeReceiver ?? deployer;
  const defaultFeeBps = parameters.defaultFeeBps ?? 100;
  const chainId = await publicClient.getChainId();
  let startBlock: bigint | undefined;
  const track = <T extends { blockNumber: bigint }>(result: T) => {
    if (startBlock === undefined || result.blockNumber < startBlock) startBlock = result.blockNumber;
    return result;
  };

  const entryPoint = parameters.entryPoint ?? track(await deploy(parameters, entryPointAbi, entryPointBytecode, [])).address;

  const tokens: Record<string, DeployedToken> = {};
  if (parameters.settlementTokens?.length) {
    for (const token of parameters.settlementTokens) tokens[token.currency] = token;
  } else {
    for (const [currency, name, symbol] of [
      ["USD", "Paykey Test USD", "tUSDC"],
      ["EUR", "Paykey Test EUR", "tEURC"],
    ] as const) {
      const { address } = track(await deploy(parameters, testStablecoinAbi, testStablecoinBytecode, [name, symbol, deployer]));
      tokens[currency] = { address, symbol, currency, decimals: 6, test: true };
    }
  }

  const escrow = track(
    await deploy(parameters, paymentEscrowAbi, paymentEscrowBytecode, [deployer, defaultFeeBps, feeReceiver, ""]),
  );
  const loyaltyPoints = getAddress(
    await publicClient.readContract({ address: escrow.address, abi: paymentEscrowAbi, functionName: "loyaltyPoints" }),
  );
  for (const token of Object.values(tokens)) {
    await send(parameters, {
      address: escrow.address,
      abi: paymentEscrowAbi,
      functionName: "setTokenAllowed",
      args: [token.address, true],
    } as never);
  }

  const factory = track(await deploy(parameters, paykeyAccountFactoryAbi, paykeyAccountFactoryBytecode, [entryPoint]));
  const accountImplementation = getAddress(
    await publicClient.readContract({
      address: factory.address,
      abi: paykeyAccountFactoryAbi,
      functionName: "accountImplementation",
    }),
  );
  const guardianVerifier = track(
    await deploy(parameters, passkeyGuardianVerifierAbi, passkeyGuardianVerifierBytecode, []),
  );
  const paymaster = track(
    await deploy(parameters, sponsorPaymasterAbi, sponsorPaymasterBytecode, [entryPoint, parameters.sponsorSigner, deployer]),
  );
  const deposit = parameters.paymasterDeposit ?? parseEther("10");
  if (deposit > 0n) {
    await send(parameters, {
      address: paymaster.address,
      abi: sponsorPaymasterAbi,
      functionName: "deposit",
      args: [],
      value: deposit,
    } as never);
  }

  return {
    chainId,
    startBlock: Number(startBlock ?? 0n),
    deployer,
    entryPoint,
    paymentEscrow: escrow.address,
    loyaltyPoints,
    accountFactory: factory.address,
    accountImplementation,
    passkeyGuardianVerifier: guardianVerifier.address,
    sponsorPaymaster: paymaster.address,
    sponsorSigner: parameters.sponsorSigner,
    feeReceiver,
    defaultFeeBps,
    tokens,
  };
}

export function deploymentPath(chainId: number, dir = join(projectRoot, "deployments")): string {
  return join(dir, `${chainId}.json`);
}

export async function writeDeployment(deployment: PaykeyDeployment, file = deploymentPath(deployment.chainId)) {
  await mkdir(join(file, ".."), { recursive: true });
  await writeFile(file, `${JSON.stringify(deployment, null, 2)}\n`);
  return file;
}

export async function readDeployment(file: string): Promise<PaykeyDeployment> {
  return JSON.parse(await readFile(file, "utf8")) as PaykeyDeployment;
}

/** Mints test stablecoins (deployer must hold the minter role). */
export async function mintTestTokens(
  parameters: Pick<DeployPaykeyParameters, "publicClient" | "walletClient">,
  token: Address,
  to: Address,
  amount: bigint,
) {
  return send(parameters as DeployPaykeyParameters, {
    address: token,
    abi: testStablecoinAbi,
    functionName: "mint",
    args: [to, amount],
  } as never);
}

// --------------------------------------------------------------------------- CLI

/** Hardhat's first well-known development key: only ever used on the local chain (31337). */
export const localDeployerKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" as const;

async function main() {
  const rpcUrl = process.env.RPC_URL ?? "http://127.0.0.1:8545";
  const publicClient = createPublicClient({ transport: http(rpcUrl) });
  const chainId = await publicClient.getChainId();
  const key = process.env.DEPLOYER_KEY ?? (chainId === localChainId ? localDeployerKey : undefined);
  if (!key) throw new Error(`DEPLOYER_KEY is required on any chain other than the local one (${localChainId})`);
  const account = privateKeyToAccount(key as Hex);
  const chain = { id: chainId, name: `chain-${chainId}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } } as const;
  const walletClient = createWalletClient({ account, chain, transport: http(rpcUrl) });
  const sponsorSigner = (process.env.SPONSOR_SIGNER ?? (chainId === localChainId ? account.address : undefined)) as Address | undefined;
  if (!sponsorSigner) throw new Error("SPONSOR_SIGNER (the relayer's paymaster signer address) is required");

  const settlementTokens: DeployedToken[] | undefined = process.env.SETTLEMENT_TOKENS?.split(",").map((entry) => {
    const [currency, address, symbol] = entry.split(":");
    if (!currency || !address) throw new Error(`SETTLEMENT_TOKENS entries are CURRENCY:ADDRESS[:SYMBOL], got ${entry}`);
    return { currency, address: getAddress(address), symbol: symbol ?? currency, decimals: 6, test: false };
  });
  const deployment = await deployPaykey({
    publicClient: publicClient as PublicClient,
    walletClient,
    sponsorSigner,
    feeReceiver: (process.env.FEE_RECEIVER as Address | undefined) ?? undefined,
    entryPoint: (process.env.ENTRY_POINT as Address | undefined) ?? undefined,
    settlementTokens,
  });
  const file = await writeDeployment(deployment);
  console.log(JSON.stringify(deployment, null, 2));
  console.log(`wrote ${file}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

