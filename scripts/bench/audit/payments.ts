// The benchmark's books: N real escrow payments on a local chain, made in large batches by the BatchPayments
// test contract (one transaction pays `batch` times: charges, authorizations, and charges half refunded),
// then recorded in a relayer ledger by the relayer's own payment indexer.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Abi, type Address, type Hex, type PublicClient, type WalletClient, createPublicClient, http } from "viem";
import { paymentEscrowAbi } from "@paykey/sdk/contracts";
import { createPaymentIndexer } from "../../../server/src/commerce/indexer.ts";
import { coreMigrationsDir, loadMigrations, migrate, type Store } from "../../../server/src/db/index.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { mintTestTokens, type PaykeyDeployment } from "../../deploy.ts";
import { projectRoot } from "../../lib/run.ts";

const amount = 10_000_000n; // 10.00 test USD

type Artifact = { abi: Abi; bytecode: Hex };

async function batchPaymentsArtifact(): Promise<Artifact> {
  const file = join(projectRoot, "artifacts", "contracts", "test", "mocks", "BatchPayments.sol", "BatchPayments.json");
  return JSON.parse(await readFile(file, "utf8")) as Artifact;
}

export type CreatedPayments = { merchantId: bigint; payments: number; transactions: number; firstBlock: bigint; lastBlock: bigint };

/** Makes `count` payments for a new merchant (the BatchPayments contract), `batch` per transaction. */
export async function createPayments(
  clients: { publicClient: PublicClient; walletClient: WalletClient },
  deployment: PaykeyDeployment,
  { count, batch, onProgress }: { count: number; batch: number; onProgress?: (made: number) => void },
): Promise<CreatedPayments> {
  const { publicClient, walletClient } = clients;
  const account = walletClient.account!;
  const token = deployment.tokens.USD!.address as Address;
  const artifact = await batchPaymentsArtifact();
  const deployHash = await walletClient.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: [deployment.paymentEscrow, token], account, chain: walletClient.chain });
  const contract = (await publicClient.waitForTransactionReceipt({ hash: deployHash })).contractAddress!;
  const write = async (functionName: string, args: readonly unknown[], gas?: bigint) => {
    const hash = await walletClient.writeContract({ address: contract, abi: artifact.abi, functionName, args, account, chain: walletClient.chain, gas } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted in ${hash}`);
    return receipt;
  };
  await write("register", []);
  const merchantId = (await publicClient.readContract({ address: contract, abi: artifact.abi, functionName: "merchantId" })) as bigint;
  const { feeBps } = await publicClient.readContract({ address: deployment.paymentEscrow, abi: paymentEscrowAbi, functionName: "merchant", args: [merchantId] });
  // Every payment escrows `amount` first; what a batch leaves with the escrow or the fee receiver is minted up front.
  await mintTestTokens({ publicClient, walletClient } as never, token, contract, amount * BigInt(count));

  let firstBlock: bigint | undefined;
  let lastBlock = 0n;
  let transactions = 0;
  for (let made = 0; made < count; made += batch) {
    const size = Math.min(batch, count - made);
    // An explicit gas limit: estimating would execute the whole batch a second time.
    const receipt = await write("pay", [BigInt(made + 1), BigInt(size), amount, feeBps], 16_000_000n);
    firstBlock ??= receipt.blockNumber;
    lastBlock = receipt.blockNumber;
    transactions += 1;
    onProgress?.(made + size);
  }
  return { merchantId, payments: count, transactions, firstBlock: firstBlock!, lastBlock };
}

/** Runs the relayer's payment indexer over the whole chain into `store` (migrated first). */
export async function indexLedger(store: Store, rpcUrl: string, deployment: PaykeyDeployment): Promise<void> {
  await migrate(store, [
    ...loadMigrations(coreMigrationsDir, "db"),
    ...loadMigrations(join(projectRoot, "server", "src", "commerce", "migrations"), "commerce"),
  ]);
  const indexer = createPaymentIndexer({
    store,
    client: createPublicClient({ transport: http(rpcUrl, { timeout: 120_000 }) }) as PublicClient,
    escrow: deployment.paymentEscrow,
    entryPoint: deployment.entryPoint,
    startBlock: BigInt(deployment.startBlock),
    pollIntervalMs: 1_000,
    logger: createLogger("silent"),
    // 10 blocks of 150-payment batches: about 3,000 logs, under viem's 10 MB answer limit.
    maxBlockRange: 10n,
  });
  for (let batch = await indexer.runOnce(); batch && batch.toBlock < batch.latestBlock; batch = await indexer.runOnce());
}
