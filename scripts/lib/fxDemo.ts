// Cross-border settlement in `npm start`: a second demo merchant who settles in tEURC, registered
// on-chain from a development key and given a store and an open euro invoice in the relayer, so a
// newcomer can pay a euro invoice with dollars at once; and the EUR / USD feed moving along a
// realistic path (a mean-reverting random walk around 1.0850, about ±0.02% per step) every few
// seconds, set by the FX operator key. Local chain only: the keys are Hardhat's public ones.
import { randomInt } from "node:crypto";
import { type Address, createWalletClient, http } from "viem";
import { manualPriceFeedAbi, paymentEscrowAbi } from "@paykey/sdk/contracts";
import type { Relayer } from "../../server/src/relayer.ts";
import { activateStore, insertStore } from "../../server/src/commerce/stores.ts";
import { insertRequest } from "../../server/src/commerce/requests.ts";
import { devAccount, devAccountRoles } from "./devAccounts.ts";
import type { LocalDeployment } from "./localDeployment.ts";

/** Registers the euro merchant on-chain and opens its store with a 12.50 EUR invoice; returns the invoice's id. */
export async function openEuroDemoStore(local: LocalDeployment, relayer: Relayer) {
  const merchant = devAccount(devAccountRoles.demoEuroMerchant);
  const eur = local.eur.address;
  const client = createWalletClient({ account: merchant, chain: local.chain, transport: http(local.chain.rpcUrls.default.http[0]) });
  const receipt = await local.publicClient.waitForTransactionReceipt({
    hash: await client.writeContract({
      address: local.deployment.paymentEscrow,
      abi: paymentEscrowAbi,
      functionName: "registerMerchant",
      args: [merchant.address, eur, merchant.address, 100],
    }),
  });
  const merchantId = await local.publicClient.readContract({ address: local.deployment.paymentEscrow, abi: paymentEscrowAbi, functionName: "merchantCount" });
  const { store: db, now } = relayer.context;
  const store = await insertStore(db, { owner: merchant.address, name: "Brasserie Amsterdam (demo)", currency: "EUR", settlementToken: eur, loyaltyBps: 100, now: now() });
  const active = await activateStore(db, {
    storeId: store.id,
    merchantId,
    feeBps: local.deployment.defaultFeeBps,
    transactionHash: receipt.transactionHash,
    now: now(),
  });
  const request = await insertRequest(
    db,
    active,
    local.eur,
    {
      amount: 12_500_000n,
      orderRef: "DEMO-EUR-1",
      lineItems: [
        { name: "Stroopwafels", quantity: 2, unitPrice: 3_750_000n },
        { name: "Koffie", quantity: 1, unitPrice: 5_000_000n },
      ],
      expiresInSeconds: 7 * 86_400,
    },
    now(),
  );
  return { merchant: merchant.address, merchantId, requestId: request.id };
}

/**
 * Moves each local feed every `intervalMs`: answer += noise (≈ N(0, 0.02%), the sum of three uniform draws)
 * + 2% of the way back to where it started, within 0.8-1.2× the start. Integer arithmetic only.
 */
export function startFeedWalk(local: LocalDeployment, intervalMs: number): () => Promise<void> {
  const pairs = (local.deployment.fx?.pairs ?? []).filter((pair) => pair.manualFeed);
  if (pairs.length === 0 || intervalMs <= 0) return async () => {};
  const operator = devAccount(devAccountRoles.fxOperator);
  const client = createWalletClient({ account: operator, chain: local.chain, transport: http(local.chain.rpcUrls.default.http[0]) });
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const step = async (feed: Address) => {
    const [, answer] = await local.publicClient.readContract({ address: feed, abi: manualPriceFeedAbi, functionName: "latestRoundData" });
    const start = starts.get(feed)!;
    const sigma = start / 5_000n; // 0.02%
    const width = Number(sigma);
    const noise = BigInt(randomInt(-width, width + 1) + randomInt(-width, width + 1) + randomInt(-width, width + 1));
    const next = answer + noise + (start - answer) / 50n;
    const bounded = next < (start * 4n) / 5n ? (start * 4n) / 5n : next > (start * 6n) / 5n ? (start * 6n) / 5n : next;
    const hash = await client.writeContract({ address: feed, abi: manualPriceFeedAbi, functionName: "updateAnswer", args: [bounded] });
    await local.publicClient.waitForTransactionReceipt({ hash });
  };
  const starts = new Map<Address, bigint>();
  const tick = async () => {
    try {
      for (const pair of pairs) {
        if (!starts.has(pair.feed)) {
          starts.set(pair.feed, (await local.publicClient.readContract({ address: pair.feed, abi: manualPriceFeedAbi, functionName: "getRoundData", args: [1n] }))[1]);
        }
        await step(pair.feed);
      }
    } catch (error) {
      // The chain is stopping, or busy: the next tick tries again.
      if (running) console.error(`[paykey] the FX feed did not move: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (running) timer = setTimeout(() => (current = tick()), intervalMs);
  };
  timer = setTimeout(() => (current = tick()), intervalMs);
  return async () => {
    running = false;
    clearTimeout(timer);
    await current;
  };
}
