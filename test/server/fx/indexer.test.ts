// The conversion indexer keeps its own cursor (fx_cursors) with each batch of Converted events: with a
// confirmation depth it records a conversion only once enough blocks are on top of it (a shallower reorg
// never reaches the index), each conversion exactly once (a rewound or racing indexer records nothing
// twice), and a fresh indexer resumes at the cursor. Conversions here are plain transactions from a
// development EOA (no user operation), with a payment id as reference.
import { expect } from "chai";
import { createWalletClient, http, keccak256, maxUint256, parseEventLogs, toHex, type Hex } from "viem";
import { hardhat } from "viem/chains";
import { iFxRouterAbi, testStablecoinAbi } from "@paykey/sdk/contracts";
import { devAccount, devAccountRoles } from "../../../scripts/lib/devAccounts.ts";
import { mintTestTokens } from "../../../scripts/deploy.ts";
import type { Store } from "../../../server/src/db/store.ts";
import { createConversionIndexer, readFxCursor, type ConversionBatch, type ConversionIndexerParameters } from "../../../server/src/fx/indexer.ts";
import { migrate, loadMigrations, coreMigrationsDir } from "../../../server/src/db/migrate.ts";
import { fxModule } from "../../../server/src/fx/module.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { startChain, type TestChain } from "../helpers/chain.ts";
import { createTestStore } from "../helpers/database.ts";
import { deployOn } from "../helpers/fixture.ts";

describe("fx: conversion indexer", function () {
  let chain: TestChain;
  let deployed: Awaited<ReturnType<typeof deployOn>>;
  let store: Store;
  let order = 0;

  const payer = () => createWalletClient({ account: devAccount(devAccountRoles.demoPayers[0]), chain: hardhat, transport: http(chain.url) });
  const router = () => deployed.deployment.fx!.router;
  const cursorName = () => `fx:${router().toLowerCase()}`;
  const mine = () => chain.provider.request({ method: "evm_mine", params: [] });
  const parameters = (extra: Partial<ConversionIndexerParameters> = {}): ConversionIndexerParameters => ({
    store,
    client: deployed.publicClient,
    router: router(),
    entryPoint: deployed.deployment.entryPoint,
    startBlock: BigInt(deployed.deployment.startBlock),
    pollIntervalMs: 50,
    logger: createLogger("silent"),
    confirmations: 0n,
    ...extra,
  });
  const rows = () => store.query<{ payment_id: string; amount_out: string; transaction_hash: string; log_index: number }>(
    "SELECT payment_id, amount_out, transaction_hash, log_index FROM fx_conversions ORDER BY block_number, log_index",
  );

  /** USD → EUR for `amountOut`, referencing a new payment id. */
  async function convert(amountOut: bigint): Promise<{ paymentId: Hex; blockNumber: bigint; logIndex: number }> {
    order += 1;
    const paymentId = keccak256(toHex(`fx-indexer-${order}`));
    const { timestamp } = await deployed.publicClient.getBlock();
    const hash = await payer().writeContract({
      address: router(),
      abi: iFxRouterAbi,
      functionName: "convertExactOut",
      args: [deployed.usd, deployed.deployment.tokens.EUR!.address, amountOut, maxUint256, timestamp + 600n, paymentId],
    });
    const receipt = await deployed.publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).to.equal("success");
    const [log] = parseEventLogs({ abi: iFxRouterAbi, logs: receipt.logs, eventName: "Converted" });
    return { paymentId, blockNumber: receipt.blockNumber, logIndex: log!.logIndex };
  }

  before(async function () {
    chain = await startChain();
    deployed = await deployOn(chain.url);
    store = await createTestStore();
    await migrate(store, [...loadMigrations(coreMigrationsDir, "core"), ...loadMigrations(fxModule.migrationsDir!, fxModule.name)]);
    await mintTestTokens({ publicClient: deployed.publicClient, walletClient: deployed.deployer }, deployed.usd, payer().account.address, 1_000_000_000n);
    await deployed.publicClient.waitForTransactionReceipt({
      hash: await payer().writeContract({ address: deployed.usd, abi: testStablecoinAbi, functionName: "approve", args: [router(), maxUint256] }),
    });
  });

  after(async function () {
    await store?.close();
    await chain?.close();
  });

  it("with confirmations, records a conversion only once enough blocks are on top of it", async function () {
    const indexer = createConversionIndexer(parameters({ confirmations: 2n }));
    while ((await indexer.runOnce()) !== undefined);
    const first = await convert(10_000_000n);

    // In the latest block, then with one block on top: not yet.
    await indexer.runOnce();
    await mine();
    await indexer.runOnce();
    expect(await rows()).to.deep.equal([]);
    expect(await readFxCursor(store, cursorName())).to.equal(first.blockNumber);

    // Two blocks on top: recorded, once, under its payment id.
    await mine();
    expect(await indexer.runOnce()).to.deep.include({ fromBlock: first.blockNumber, toBlock: first.blockNumber, recorded: 1 });
    expect(await rows()).to.deep.equal([
      { payment_id: first.paymentId, amount_out: "10000000", transaction_hash: (await rows())[0]!.transaction_hash, log_index: first.logIndex },
    ]);
    expect(await indexer.runOnce()).to.equal(undefined);
  });

  it("records nothing twice: a fresh indexer resumes at the cursor, a rewound or racing one records nothing again", async function () {
    const second = await convert(20_000_000n);
    const indexer = createConversionIndexer(parameters());
    expect(await indexer.runOnce()).to.deep.include({ toBlock: second.blockNumber, recorded: 1 });
    const before = await rows();
    expect(before.map((row) => row.payment_id)).to.have.length(2);
    const cursor = (await readFxCursor(store, cursorName()))!;

    await mine();
    expect(await createConversionIndexer(parameters()).runOnce()).to.deep.include({ fromBlock: cursor, recorded: 0 });

    await store.query("UPDATE fx_cursors SET next_block = $2 WHERE name = $1", [cursorName(), deployed.deployment.startBlock.toString()]);
    const racers = [createConversionIndexer(parameters({ maxBlockRange: 3n })), createConversionIndexer(parameters({ maxBlockRange: 3n }))];
    const batches: ConversionBatch[] = [];
    for (let round = 0; round < 200; round++) {
      const results = (await Promise.all(racers.map((racer) => racer.runOnce()))).filter((batch) => batch !== undefined);
      batches.push(...results);
      if (results.length === 0 || results.every((batch) => batch.toBlock >= batch.latestBlock)) break;
    }
    expect(batches.reduce((sum, batch) => sum + batch.recorded, 0)).to.equal(0);
    expect(await rows()).to.deep.equal(before);
  });
});
