// The ledger's tests: an in-process chain with Paykey deployed and the fixture's EOA merchant,
// a test database with the relayer's and the commerce module's migrations, the payment
// indexer driven batch by batch, EOA actors on the escrow, and the two checks every test
// makes — the ledger as the database holds it, and the same ledger rebuilt from the chain
// alone after its tables are emptied.
import { type Hex } from "viem";
import type { PaymentTerms } from "@paykey/sdk/wallet";
import { commerceModule } from "../../../server/src/commerce/module.ts";
import { createPaymentIndexer, type IndexedBatch, type PaymentIndexer, type PaymentIndexerParameters } from "../../../server/src/commerce/indexer.ts";
import { coreMigrationsDir, loadMigrations, migrate, type Queryable, type Store } from "../../../server/src/db/index.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { startChain, type TestChain } from "../helpers/chain.ts";
import { createTestStore } from "../helpers/database.ts";
import { deployOn } from "../helpers/fixture.ts";
import { createEscrowActors } from "./escrowActors.ts";

/** Every row of the ledger: events, payments, which payment paid each request, and the sales rollups. */
export async function ledgerRows(db: Queryable) {
  const events = await db.query("SELECT * FROM commerce_payment_events ORDER BY block_number, log_index");
  const payments = await db.query("SELECT * FROM commerce_payments ORDER BY payment_id");
  const requests = await db.query("SELECT id, payment_id, paid_at FROM commerce_requests ORDER BY id");
  const salesHourly = await db.query("SELECT * FROM commerce_sales_hourly ORDER BY merchant_id, hour");
  const itemsDaily = await db.query("SELECT * FROM commerce_item_sales_daily ORDER BY merchant_id, day, name");
  return { events, payments, requests, salesHourly, itemsDaily };
}

/** Empties the ledger: events, payments, indexed blocks, the escrow cursor, requests' payments. */
export async function emptyLedger(db: Queryable): Promise<void> {
  await db.query("DELETE FROM commerce_payment_events");
  await db.query("DELETE FROM commerce_sales_hourly");
  await db.query("DELETE FROM commerce_item_sales_daily");
  await db.query("DELETE FROM commerce_payments");
  await db.query("DELETE FROM commerce_indexed_blocks");
  await db.query("DELETE FROM commerce_cursors WHERE name LIKE 'escrow:%'");
  await db.query("UPDATE commerce_requests SET payment_id = NULL, paid_at = NULL");
}

/** Runs the indexer until it has nothing new to read; returns its batches. */
export async function indexToHead(indexer: PaymentIndexer): Promise<IndexedBatch[]> {
  const batches: IndexedBatch[] = [];
  for (let batch = await indexer.runOnce(); batch !== undefined; batch = await indexer.runOnce()) batches.push(batch);
  return batches;
}

export async function createLedgerFixture() {
  const chain: TestChain = await startChain();
  const deployed = await deployOn(chain.url);
  const store: Store = await createTestStore();
  await migrate(store, [...loadMigrations(coreMigrationsDir, "db"), ...loadMigrations(commerceModule.migrationsDir!, "commerce")]);
  const actors = createEscrowActors(chain.url, deployed);
  const rpc = (method: string, params: unknown[] = []) => chain.provider.request({ method, params });

  /** An indexer of the fixture's escrow on the test store (finality by depth: safe 2, finalized 4 blocks on top). */
  const indexer = (extra: Partial<PaymentIndexerParameters> = {}) =>
    createPaymentIndexer({
      store,
      client: deployed.publicClient,
      escrow: deployed.deployment.paymentEscrow,
      entryPoint: deployed.deployment.entryPoint,
      startBlock: BigInt(deployed.deployment.startBlock),
      pollIntervalMs: 50,
      logger: createLogger("silent"),
      maxBlockRange: 5n,
      finality: { mode: "depth", safeDepth: 2n, finalizedDepth: 4n },
      ...extra,
    });

  return {
    chain,
    deployed,
    store,
    actors,
    indexer,
    snapshot: async () => (await rpc("evm_snapshot")) as Hex,
    revert: async (id: Hex) => {
      if ((await rpc("evm_revert", [id])) !== true) throw new Error(`evm_revert ${id} failed`);
    },
    mine: async (blocks = 1) => {
      for (let index = 0; index < blocks; index++) await rpc("evm_mine");
    },
    head: () => deployed.publicClient.getBlockNumber({ cacheTime: 0 }),
    /**
     * Off-chain order data as a checkout leaves it: a store of the fixture's merchant (once), a
     * payment request for `terms` and the checkout whose payment id `terms` hash to.
     */
    async insertCheckout(terms: PaymentTerms, requestId: string): Promise<Hex> {
      const paymentId = (await actors.paymentId(terms)).toLowerCase() as Hex;
      const merchant = actors.merchant.account.address.toLowerCase();
      await store.query(
        `INSERT INTO commerce_stores (id, owner_account, name, currency, settlement_token, payout, loyalty_bps, status, merchant_id, fee_bps)
         VALUES ('ledgerstore', $1, 'Ledger shop', 'USD', $2, $1, 100, 'active', $3, 100) ON CONFLICT (id) DO NOTHING`,
        [merchant, deployed.usd.toLowerCase(), deployed.merchantId],
      );
      await store.query(
        `INSERT INTO commerce_requests (id, store_id, amount, currency, token, decimals, order_ref, line_items, line_items_hash, expires_at)
         VALUES ($1, 'ledgerstore', $2, 'USD', $3, 6, $1, '[]'::jsonb, $4, now() + interval '1 day')`,
        [requestId, terms.amount, deployed.usd.toLowerCase(), terms.lineItemsHash],
      );
      await store.query(
        `INSERT INTO commerce_checkouts (payment_id, request_id, payer, terms, authorization_expiry) VALUES ($1, $2, $3, '{}'::jsonb, now() + interval '1 day')`,
        [paymentId, requestId, terms.payer.toLowerCase()],
      );
      return paymentId;
    },
    requestPayment: async (requestId: string) =>
      (await store.query<{ payment_id: string | null }>("SELECT payment_id FROM commerce_requests WHERE id = $1", [requestId]))[0]!.payment_id,
    /**
     * The ledger as it is, then the ledger rebuilt from the chain alone (tables emptied, a new
     * indexer from the start block, same settings) — the caller compares the two.
     */
    async liveAndRebuilt(parameters: Partial<PaymentIndexerParameters> = {}) {
      const live = await ledgerRows(store);
      await emptyLedger(store);
      await indexToHead(indexer(parameters));
      return { live, rebuilt: await ledgerRows(store) };
    },
    async close() {
      await store.close();
      await chain.close();
    },
  };
}

export type LedgerFixture = Awaited<ReturnType<typeof createLedgerFixture>>;
