// `npm start`'s demo history: four weeks of a small café's sales to the demo merchant, made as
// real payments on the local chain at past times — the chain (network "demo") starts five
// weeks ago, blocks are mined at chosen timestamps with automine off, then the clock jumps to
// now. Each sale goes through the relayer's own request and checkout code, so the ledger, the
// analytics and the exports come from chain events joined with real order data, never from
// rows written for show. Coupons (signed by the merchant), loyalty points, later captures,
// voids and refunds are among them. Deterministic: the same history every start.
import { createWalletClient, decodeErrorResult, erc20Abi, http, keccak256, toHex, type Address, type Hex, type PublicClient } from "viem";
import { iPaymentEscrowAbi, testStablecoinAbi } from "@paykey/sdk/contracts";
import { noDiscount, type PaymentDiscount, type PaymentTerms } from "@paykey/sdk/wallet";
import { checkoutRequest } from "../../server/src/commerce/checkout.ts";
import { termsFromJson } from "@paykey/sdk/commerce";
import { insertRequest } from "../../server/src/commerce/requests.ts";
import type { StoreRow } from "../../server/src/commerce/stores.ts";
import type { Store } from "../../server/src/db/store.ts";
import { assertTimeZone } from "../../server/src/ledger/timeZone.ts";
import { mintTestTokens } from "../deploy.ts";
import type { LocalDeployment } from "./localDeployment.ts";
import { devAccount } from "./devAccounts.ts";
import { mulberry32 } from "./random.ts";

/** The demo store's id: the relayer's demo route hands it to the first merchant who asks. */
export const demoStoreId = "demo-cafe-store";
const menu = [
  ["Espresso", 3_000_000n],
  ["Cappuccino", 4_200_000n],
  ["Croissant", 2_800_000n],
  ["Bagel", 3_500_000n],
  ["Green tea", 2_600_000n],
  ["Cheesecake", 4_500_000n],
  ["Sandwich", 6_900_000n],
  ["Orange juice", 3_900_000n],
] as const;
/** Development accounts that play the café's customers (not the demo payers, whose balances `npm start` prints). */
const customers = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
const hours = [8, 8, 9, 9, 10, 11, 12, 12, 12, 13, 13, 14, 16, 17, 18, 18, 19, 20];
const fees = { gas: 900_000n, maxFeePerGas: 50_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n };

type Action = { at: number; run: () => Promise<Hex[]> };

/** What the seeding needs of a local deployment (scripts/lib/localDeployment.ts, or the tests' deployOn). */
export type DemoDeployment = Pick<LocalDeployment, "chain" | "publicClient" | "deployer" | "deployment" | "merchantOwner" | "merchantId"> & { usd: { address: Address } };

export async function seedDemoHistory(parameters: { local: DemoDeployment; chainUrl: string; store: Store; days?: number }): Promise<{ sales: number; transactions: number }> {
  const { local, chainUrl, store } = parameters;
  const publicClient = local.publicClient as PublicClient;
  const escrow = local.deployment.paymentEscrow;
  const usd = local.usd.address;
  const rpc = (method: string, params: unknown[] = []) => publicClient.request({ method: method as never, params: params as never });
  const wallet = (index: number) => createWalletClient({ account: devAccount(index), chain: local.chain, transport: http(chainUrl) });
  const merchant = createWalletClient({ account: local.merchantOwner, chain: local.chain, transport: http(chainUrl) });

  // The demo store, backed by the demo merchant and counted in this machine's time zone.
  let timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  await assertTimeZone(store, timeZone).catch(() => (timeZone = "UTC"));
  const [row] = await store.query<StoreRow>(
    `INSERT INTO commerce_stores (id, owner_account, name, currency, settlement_token, payout, loyalty_bps, status, merchant_id, fee_bps, time_zone)
     VALUES ($1, $2, 'Paykey Demo Café', 'USD', $3, $2, 100, 'active', $4, $5, $6) RETURNING *`,
    [demoStoreId, local.merchantOwner.address.toLowerCase(), usd.toLowerCase(), local.merchantId, local.deployment.defaultFeeBps, timeZone],
  );
  for (const index of customers) await mintTestTokens({ publicClient, walletClient: local.deployer }, usd, devAccount(index).address, 5_000_000_000n);

  const nonces = new Map<Address, number>();
  const nonce = async (address: Address) => {
    const next = nonces.get(address) ?? (await publicClient.getTransactionCount({ address, blockTag: "pending" }));
    nonces.set(address, next + 1);
    return next;
  };
  const send = async (client: ReturnType<typeof wallet>, call: { address: Address; abi: typeof iPaymentEscrowAbi | typeof erc20Abi; functionName: string; args: readonly unknown[] }) =>
    client.writeContract({ ...call, ...fees, nonce: await nonce(client.account.address), chain: local.chain } as never) as Promise<Hex>;

  // The plan: sales at past local times, with captures, voids and refunds at their own times.
  const next = mulberry32(20_240_501);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const now = Math.floor(Date.now() / 1000);
  const days = parameters.days ?? 28;
  /** Each payer's loyalty points as (usable from, amount): earned points count from the next day on, so a redemption never races the capture that earned them; spent and burned points count at once. */
  const points = new Map<number, { from: number; amount: bigint }[]>();
  const credit = (payer: number, from: number, amount: bigint) => points.set(payer, [...(points.get(payer) ?? []), { from, amount }]);
  const balance = (payer: number, at: number) => (points.get(payer) ?? []).reduce((sum, entry) => (entry.from <= at || entry.amount < 0n ? sum + entry.amount : sum), 0n);
  const actions: Action[] = [];
  let sales = 0;
  let refundPlanned = false;
  for (let day = days; day >= 1; day--) {
    const date = new Date(Date.now() - day * 86_400_000);
    const count = 3 + Math.floor(next() * 5) + ([0, 6].includes(date.getDay()) ? 3 : 0);
    const times = Array.from({ length: count }, () => Math.floor(new Date(date.getFullYear(), date.getMonth(), date.getDate(), pick(hours), Math.floor(next() * 60)).getTime() / 1000)).sort();
    for (const at of times) {
      const payer = customers[Math.floor(next() ** 2 * customers.length)]!;
      const items = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(menu)).map(([name, unitPrice]) => ({ name, quantity: 1 + Math.floor(next() * 2), unitPrice }));
      const merged = [...new Map(items.map((item) => [item.name, item])).values()];
      // The oldest day's first sale carries a coupon, and its first sale not voided is refunded,
      // whatever the draws give: the history shows both on any date it is seeded on.
      const coupon = next() < 0.12 || (day === days && at === times[0]) ? 500_000n : 0n;
      const redeem = balance(payer, at) >= 50_000n && next() < 0.25 ? 50_000n : 0n;
      credit(payer, at, -redeem);
      const later = next() < 0.15;
      const voided = later && next() < 0.3;
      // A refund comes a day after its sale: only one due by now is planned (no block in the future).
      const drawnRefund = !voided && next() < 0.07;
      const refund: boolean = (drawnRefund || (day === days && !voided && !refundPlanned)) && at + 86_400 + 3_600 <= now;
      refundPlanned ||= refund;
      sales += 1;
      let terms: PaymentTerms | undefined;
      actions.push({
        at,
        async run() {
          const request = await insertRequest(store, row!, { decimals: 6 }, { amount: merged.reduce((sum, item) => sum + item.unitPrice * BigInt(item.quantity), 0n), orderRef: `CAFE-${at}`, lineItems: merged, expiresInSeconds: 86_400 }, new Date());
          const checkout = await checkoutRequest({ db: store, client: publicClient, escrow, requestId: request.id, payer: devAccount(payer).address, now: new Date() });
          terms = termsFromJson(checkout.terms);
          const discount = await discountOf(terms, coupon, redeem);
          return [
            await send(wallet(payer), { address: usd, abi: erc20Abi, functionName: "approve", args: [escrow, terms.amount - coupon - redeem] }),
            await send(wallet(payer), { address: escrow, abi: iPaymentEscrowAbi, functionName: later ? "authorize" : "charge", args: [terms, discount] }),
          ];
        },
      });
      const captured = (price: bigint) => price - coupon - redeem;
      const price = merged.reduce((sum, item) => sum + item.unitPrice * BigInt(item.quantity), 0n);
      if (later) {
        actions.push({
          at: at + 1_800 + Math.floor(next() * 3_600),
          run: async () => [await send(merchant, voided ? { address: escrow, abi: iPaymentEscrowAbi, functionName: "void", args: [terms!] } : { address: escrow, abi: iPaymentEscrowAbi, functionName: "capture", args: [terms!, captured(price)] })],
        });
      }
      if (!voided) credit(payer, at + 86_400, (captured(price) * 100n) / 10_000n);
      if (refund) {
        const amount = captured(price) / 2n;
        credit(payer, at, -((amount * 100n) / 10_000n));
        actions.push({
          at: at + 86_400 + Math.floor(next() * 3_600),
          run: async () => [
            await send(merchant, { address: usd, abi: erc20Abi, functionName: "approve", args: [escrow, amount] }),
            await send(merchant, { address: escrow, abi: iPaymentEscrowAbi, functionName: "refund", args: [terms!, amount] }),
          ],
        });
      }
    }
  }

  async function discountOf(terms: PaymentTerms, coupon: bigint, redeem: bigint): Promise<PaymentDiscount> {
    if (coupon === 0n) return { ...noDiscount, points: redeem };
    const offer = { merchantId: terms.merchantId, couponId: keccak256(toHex("WELCOME50")), discountBps: 0, discountAmount: coupon, maxUses: 100_000, expiry: now + 90 * 86_400, payer: "0x0000000000000000000000000000000000000000" as Address };
    const digest = await publicClient.readContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: "getCouponDigest", args: [offer] });
    return { points: redeem, coupon: offer, couponSignature: await local.merchantOwner.sign!({ hash: digest }) };
  }

  // Mine: one block per quarter hour that has actions, at the time of its last action; then catch up with now.
  actions.sort((a, b) => a.at - b.at);
  const sent: Hex[] = [];
  await rpc("evm_setAutomine", [false]);
  try {
    let mined = Number((await publicClient.getBlock()).timestamp);
    for (let index = 0; index < actions.length; ) {
      // Checkouts count their expiries from the latest block: keep it close to the sales.
      if (actions[index]!.at - mined > 86_400) await rpc("evm_mine", [(mined = actions[index]!.at - 600)]);
      const window = Math.floor(actions[index]!.at / 900);
      let last = actions[index]!.at;
      while (index < actions.length && Math.floor(actions[index]!.at / 900) === window) {
        last = actions[index]!.at;
        sent.push(...(await actions[index]!.run()));
        index += 1;
      }
      await rpc("evm_mine", [(mined = last)]);
    }
    await rpc("evm_mine", [Math.max(Math.floor(Date.now() / 1000), Number((await publicClient.getBlock()).timestamp) + 1)]);
  } finally {
    await rpc("evm_setAutomine", [true]);
  }
  const receipts = await Promise.all(sent.map((hash) => publicClient.getTransactionReceipt({ hash })));
  const failed = receipts.filter((receipt) => receipt.status !== "success");
  if (failed.length > 0) {
    const transaction = await publicClient.getTransaction({ hash: failed[0]!.transactionHash });
    const trace = (await rpc("debug_traceTransaction", [failed[0]!.transactionHash, { disableStorage: true, disableStack: true, disableMemory: true }]).catch(() => undefined)) as { returnValue?: string } | undefined;
    const reason = trace?.returnValue ? decodeErrorResult({ abi: [...iPaymentEscrowAbi, ...testStablecoinAbi], data: `0x${trace.returnValue.replace(/^0x/, "")}` as Hex }).errorName : "unknown";
    throw new Error(`demo history: ${failed.length} of ${sent.length} transactions reverted (first ${failed[0]!.transactionHash}, ${transaction.input.slice(0, 10)} from ${transaction.from}: ${reason})`);
  }
  return { sales, transactions: sent.length };
}
