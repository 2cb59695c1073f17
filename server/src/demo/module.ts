// `npm start`'s demo store (local chain only): scripts/dev.ts seeds four weeks of real payments
// to the demo merchant (scripts/lib/demoHistory.ts) into a store owned by the demo merchant's
// development key. The first signed-in merchant who asks gets it: the demo key transfers the
// on-chain merchant to the merchant's passkey account, and the store becomes theirs — so the
// dashboard opens with charts over the seeded history, and captures and refunds work.
import { createWalletClient, getAddress, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import { findStore, storeOut, type StoreRow } from "../commerce/stores.ts";
import { store as storeSchema } from "@paykey/sdk/api";
import { localChainId } from "@paykey/sdk/chain";
import type { RelayerContext } from "../context.ts";
import { HttpError } from "../errors/http.ts";
import type { RelayerApp } from "../http/app.ts";
import type { RelayerModule } from "../module.ts";

const tags = ["demo"];

function registerDemoRoutes(app: RelayerApp, context: RelayerContext): void {
  const { config, store: db } = context;
  const key = config.chain.id === localChainId ? config.keys.demoMerchant : undefined;
  const owner = key ? privateKeyToAccount(key) : undefined;

  /** The unclaimed demo store: active, still owned by the demo key. */
  const unclaimed = async () =>
    owner
      ? (await db.query<StoreRow>("SELECT * FROM commerce_stores WHERE owner_account = $1 AND status = 'active' ORDER BY created_at LIMIT 1", [owner.address.toLowerCase()]))[0]
      : undefined;

  app.get(
    "/api/demo/store",
    { schema: { tags, summary: "Whether a demo store with history is waiting to be claimed (local chain)", response: { 200: z.object({ available: z.boolean(), name: z.string().nullable() }) } } },
    async () => {
      const store = await unclaimed();
      return { available: store !== undefined, name: store?.name ?? null };
    },
  );

  app.post(
    "/api/demo/store",
    { preHandler: context.authenticate, schema: { tags, summary: "Take over the demo store and its on-chain merchant (local chain)", response: { 200: z.object({ store: storeSchema }) } } },
    async (request) => {
      const account = getAddress(request.session!.accountAddress);
      const demo = await unclaimed();
      if (!owner || !demo || !config.contracts.escrow) throw new HttpError(404, "not_found", "There is no demo store to take over.");
      // Claim it in the database first, so two merchants cannot both take it.
      const claimed = await db.query("UPDATE commerce_stores SET owner_account = $2, updated_at = now() WHERE id = $1 AND owner_account = $3 RETURNING id", [
        demo.id,
        account.toLowerCase(),
        owner.address.toLowerCase(),
      ]);
      if (claimed.length === 0) throw new HttpError(409, "demo_claimed", "Another merchant took the demo store a moment ago.");
      try {
        const wallet = createWalletClient({ account: owner, transport: http(config.chain.rpcUrl) });
        const hash = await wallet.writeContract({
          address: config.contracts.escrow,
          abi: iPaymentEscrowAbi,
          functionName: "transferMerchantOwnership",
          args: [BigInt(demo.merchant_id!), account],
          chain: null,
        });
        const receipt = await context.publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") throw new Error(`transferMerchantOwnership reverted in ${hash}`);
      } catch (error) {
        await db.query("UPDATE commerce_stores SET owner_account = $2 WHERE id = $1", [demo.id, owner.address.toLowerCase()]);
        throw error;
      }
      return { store: storeOut(await findStore(db, demo.id)) };
    },
  );
}

export const demoModule: RelayerModule = { name: "demo", routes: registerDemoRoutes };
