// A deterministic set of escrow payments made with plain transactions from the local chain's development
// accounts (no relayer), and a ledger built from it by the relayer's own payment indexer. Terms use fixed
// expiries, so replaying the scenario on another fresh chain gives the same payment ids, transactions and
// block numbers: only block hashes and times differ.
import { type Address, type Hex, createPublicClient, createWalletClient, http, maxUint256, parseUnits } from "viem";
import { hardhat } from "viem/chains";
import { hashLineItems, orderRefHash } from "@paykey/sdk/commerce";
import { paymentEscrowAbi, testStablecoinAbi } from "@paykey/sdk/contracts";
import type { PaymentTerms } from "@paykey/sdk/wallet";
import { devAccount, devAccountRoles } from "../../../scripts/lib/devAccounts.ts";
import { mintTestTokens } from "../../../scripts/deploy.ts";
import { createPaymentIndexer } from "../../../server/src/commerce/indexer.ts";
import { coreMigrationsDir, loadMigrations, migrate, type Store } from "../../../server/src/db/index.ts";
import { createLogger } from "../../../server/src/logger.ts";
import { createTestStore } from "../helpers/database.ts";
import { deployOn } from "../helpers/fixture.ts";

const usd = (value: string) => parseUnits(value, 6);
/** 2096-10-02: far enough that the terms never expire in a test, fixed so payment ids repeat across chains. */
const farFuture = 4_000_000_000;

export type EoaScenario = Awaited<ReturnType<typeof playEoaScenario>>;

export async function playEoaScenario(chainUrl: string) {
  const deployed = await deployOn(chainUrl);
  const { deployment, usd: token } = deployed;
  const publicClient = createPublicClient({ chain: hardhat, transport: http(chainUrl), pollingInterval: 50 });
  const escrow = deployment.paymentEscrow;
  const wallet = (index: number) => createWalletClient({ account: devAccount(index), chain: hardhat, transport: http(chainUrl) });
  const send = async (client: ReturnType<typeof wallet>, request: { address: Address; abi: any; functionName: string; args: readonly unknown[] }) => {
    const hash = await client.writeContract(request as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${request.functionName} reverted`);
    return receipt;
  };

  const merchantOne = wallet(devAccountRoles.demoMerchant);
  const merchantTwo = wallet(9);
  await send(merchantTwo, { address: escrow, abi: paymentEscrowAbi, functionName: "registerMerchant", args: [merchantTwo.account.address, token, merchantTwo.account.address, 0] });
  const merchants = { one: deployed.merchantId, two: deployed.merchantId + 1n };

  const [alice, bob] = devAccountRoles.demoPayers.map(wallet) as [ReturnType<typeof wallet>, ReturnType<typeof wallet>];
  for (const payer of [alice, bob, merchantOne]) {
    await mintTestTokens({ publicClient, walletClient: deployed.deployer }, token, payer.account.address, usd("1000"));
    await send(payer, { address: token, abi: testStablecoinAbi, functionName: "approve", args: [escrow, maxUint256] });
  }

  let salt = 0n;
  const terms = (payer: ReturnType<typeof wallet>, merchantId: bigint, amount: bigint, feeBps: number): PaymentTerms => {
    salt += 1n;
    return {
      merchantId,
      payer: payer.account.address,
      token,
      amount,
      feeBps,
      authorizationExpiry: farFuture,
      refundDeadline: farFuture + 86_400,
      orderRef: orderRefHash(`EOA-${salt}`),
      lineItemsHash: hashLineItems([{ name: `Item ${salt}`, quantity: 1, unitPrice: amount }]),
      salt,
    };
  };
  const noDiscount = { points: 0n, coupon: { merchantId: 0n, couponId: `0x${"0".repeat(64)}` as Hex, discountBps: 0, discountAmount: 0n, maxUses: 0, expiry: 0, payer: `0x${"0".repeat(40)}` as Address }, couponSignature: "0x" as Hex };
  const fee = deployment.defaultFeeBps;
  const id = (paymentTerms: PaymentTerms) => publicClient.readContract({ address: escrow, abi: paymentEscrowAbi, functionName: "getPaymentId", args: [paymentTerms] });
  const call = (client: ReturnType<typeof wallet>, functionName: string, args: readonly unknown[]) => send(client, { address: escrow, abi: paymentEscrowAbi, functionName, args });

  // Merchant one: captured then partly refunded; charged; voided; still authorized. Merchant two: authorized.
  const refunded = terms(alice, merchants.one, usd("100"), fee);
  await call(alice, "authorize", [refunded, noDiscount]);
  await call(merchantOne, "capture", [refunded, usd("100")]);
  await call(merchantOne, "refund", [refunded, usd("30")]);
  const charged = terms(bob, merchants.one, usd("50"), fee);
  await call(bob, "charge", [charged, noDiscount]);
  const voided = terms(alice, merchants.one, usd("20"), fee);
  await call(alice, "authorize", [voided, noDiscount]);
  await call(merchantOne, "void", [voided]);
  const held = terms(alice, merchants.one, usd("10"), fee);
  await call(alice, "authorize", [held, noDiscount]);
  const elsewhere = terms(bob, merchants.two, usd("40"), fee);
  await call(bob, "authorize", [elsewhere, noDiscount]);

  return {
    ...deployed,
    escrow,
    merchants,
    payments: { refunded: await id(refunded), charged: await id(charged), voided: await id(voided), held: await id(held), elsewhere: await id(elsewhere) },
    endBlock: await publicClient.getBlockNumber(),
  };
}

/** A fresh relayer ledger (test database) filled by the relayer's payment indexer from `chainUrl`. */
export async function indexLedger(chainUrl: string, scenario: EoaScenario, store?: Store): Promise<Store> {
  store ??= await createTestStore();
  await migrate(store, [
    ...loadMigrations(coreMigrationsDir, "db"),
    ...loadMigrations(new URL("../../../server/src/commerce/migrations", import.meta.url).pathname, "commerce"),
  ]);
  const indexer = createPaymentIndexer({
    store,
    client: createPublicClient({ chain: hardhat, transport: http(chainUrl) }),
    escrow: scenario.escrow,
    entryPoint: scenario.deployment.entryPoint,
    startBlock: BigInt(scenario.deployment.startBlock),
    pollIntervalMs: 1_000,
    logger: createLogger("silent"),
  });
  for (let batch = await indexer.runOnce(); batch && batch.toBlock < batch.latestBlock; batch = await indexer.runOnce());
  return store;
}
