// Gas of cross-border settlement (FxRouter), on the in-process chain.
//
//   fx.convert                 router.convertExactOut (USD → EUR, exact out, reference = a payment id) as one
//                              call of a batch: gasleft() around the call, made by a CallGasProbe standing in for
//                              the payer's account right after its `approve(router, maxAmountIn)` (as in the
//                              batch); router, feed and both tokens cold, as in a fresh transaction. Excludes the
//                              21,000 of a transaction of its own, which a conversion inside a payment never pays.
//   fx.convertTransaction      the same conversion as a plain EOA transaction (receipt gasUsed), for reference
//   passkey.payCrossCurrency   a passkey payment of a tEURC invoice by a payer holding only tUSDC: one sponsored
//                              user operation from a deployed account, handleOps receipt gasUsed, batch
//                              approve(router) → convertExactOut → approve(escrow) → escrow.authorize. Target:
//                              the same-currency payment (`passkey.pay`, measured here alongside on the same
//                              fixture, printed as its baseline) plus 70k.
//
// Steady state like the other rows: the pool was seeded and has converted before (its balances change
// nonzero → nonzero), the feed has one round, the merchant and the fee receiver hold tokens from a warm-up
// sale, and each measured payer has paid once before. The payer of `fx.convert` holds some tEURC already
// (the payment batch's payer holds none: its tEURC balance goes 0 → amount → 0 inside the operation, which
// `passkey.payCrossCurrency` includes).
import { network } from "hardhat";
import { type Address, decodeEventLog, erc20Abi, keccak256, maxUint256, toHex } from "viem";
import { buildCrossCurrencyPaymentCalls, buildConversionCalls, maxAmountInWithBuffer } from "@paykey/sdk/fx";
import { buildPaymentCalls, type ToPaykeyAccountReturnType } from "@paykey/sdk/wallet";
import { paymentTerms } from "../../../test/helpers/payments.ts";
import { createSoftwarePasskey } from "../../../test/helpers/softwarePasskey.ts";
import { paykeyAccountOf, prepareSponsoredOperation, sendAndExpectSuccess } from "../../../test/helpers/userOperations.ts";
import { deployWalletFixture, type WalletFixture } from "../../../test/helpers/walletFixture.ts";
import type { GasRows } from "../gas.ts";

/** `passkey.payCrossCurrency`'s target is set by `measure` from the baseline it measures. */
export const targets: Record<string, number> = { "fx.convert": 60_000 };

const EUR_USD = 108_500_000n; // 1.0850, 8 decimals
const pairConfig = (feed: Address) => ({
  feed,
  spreadBps: 25,
  maxAge: 3600,
  minAnswer: 50_000_000n,
  maxAnswer: 200_000_000n,
  enabled: true,
});
const bufferBps = 50;
const price = 25_000_000n; // 25.00 tEURC
const seed = 100_000_000_000n; // 100,000.00 of each token

type Viem = Awaited<ReturnType<typeof network.create>>["viem"];

/** tEURC, an EUR / USD feed and a router over `usd`, seeded by the deployer. */
async function deployFx(viem: Viem, usd: Address) {
  const [deployer] = await viem.getWalletClients();
  const owner = deployer!.account.address;
  const eur = await viem.deployContract("TestStablecoin", ["Paykey Test EUR", "tEURC", owner]);
  const usdc = await viem.getContractAt("TestStablecoin", usd);
  const feed = await viem.deployContract("ManualPriceFeed", [owner, 8, "EUR / USD", EUR_USD]);
  const router = await viem.deployContract("FxRouter", [owner, usd]);
  await router.write.setPair([eur.address, pairConfig(feed.address)]);
  for (const token of [usdc, eur]) {
    await token.write.mint([owner, seed]);
    await token.write.approve([router.address, maxUint256]);
    await router.write.deposit([token.address, seed, 0n]);
  }
  return { eur, usdc, feed, router };
}

async function measureConvert(): Promise<GasRows> {
  const { viem } = await network.create();
  const publicClient = await viem.getPublicClient();
  const [deployer, eoaPayer] = await viem.getWalletClients();
  const usd = await viem.deployContract("TestStablecoin", ["Paykey Test USD", "tUSDC", deployer!.account.address]);
  const { eur, router } = await deployFx(viem, usd.address);
  const probe = await viem.deployContract("CallGasProbe");
  const amountOut = price;

  const conversion = async (payer: Address, ref: string) => {
    const quote = await router.read.quoteExactOut([usd.address, eur.address, amountOut]);
    const { timestamp } = await publicClient.getBlock();
    return buildConversionCalls({
      routerAddress: router.address,
      tokenIn: usd.address,
      tokenOut: eur.address,
      amountOut,
      maxAmountIn: maxAmountInWithBuffer(quote.amountIn, bufferBps),
      deadline: timestamp + 600n,
      ref: keccak256(toHex(`${payer}-${ref}`)),
    });
  };
  const probeRun = async (ref: string) => {
    const calls = (await conversion(probe.address, ref)).map((call) => ({ target: call.to, data: call.data! }));
    const hash = await probe.write.run([calls, 1n]);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const measured = receipt.logs
      .filter((log) => log.address.toLowerCase() === probe.address.toLowerCase())
      .map((log) => decodeEventLog({ abi: probe.abi, data: log.data, topics: log.topics }))[0];
    if (measured?.eventName !== "Measured") throw new Error("the probe did not measure the conversion");
    return measured.args.gasUsed;
  };

  for (const payer of [probe.address, eoaPayer!.account.address]) {
    await usd.write.mint([payer, 1_000_000_000n]);
    await eur.write.mint([payer, 1_000_000n]);
  }
  await probeRun("warm-up");
  const rows: GasRows = { "fx.convert": await probeRun("measured") };

  // The same conversion as an EOA transaction (its allowance set in a transaction before, and used before).
  const asPayer = { account: eoaPayer!.account };
  await usd.write.approve([router.address, maxUint256], asPayer);
  for (const ref of ["warm-up", "measured"]) {
    const [, convert] = await conversion(eoaPayer!.account.address, ref);
    const hash = await eoaPayer!.sendTransaction({ to: convert.to, data: convert.data, chain: undefined });
    rows["fx.convertTransaction"] = (await publicClient.waitForTransactionReceipt({ hash })).gasUsed;
  }
  return rows;
}

async function measurePayCrossCurrency(): Promise<{ rows: GasRows; baseline: bigint }> {
  const fixture = await deployWalletFixture("default");
  const { eur, router } = await deployFx(fixture.viem, fixture.token.address);
  await fixture.escrow.write.setTokenAllowed([eur.address, true]);
  await fixture.escrowAsMerchant.write.registerMerchant([fixture.merchant.account.address, eur.address, "0x0000000000000000000000000000000000000000", 100]);
  const eurMerchantId = 2n;

  const newPayer = async (): Promise<ToPaykeyAccountReturnType> => {
    const account = await paykeyAccountOf(fixture, createSoftwarePasskey());
    await fixture.token.write.mint([account.address, 100n * price]);
    return account;
  };
  const crossPayment = async (payer: ToPaykeyAccountReturnType, operation: "authorize" | "charge" = "authorize") => {
    const terms = await paymentTerms(fixture, payer.address, price, { merchantId: eurMerchantId, token: eur.address });
    const paymentId = await fixture.escrow.read.getPaymentId([terms]);
    const quote = await router.read.quoteExactOut([fixture.token.address, eur.address, price]);
    const calls = buildCrossCurrencyPaymentCalls({
      escrowAddress: fixture.escrow.address,
      terms,
      paymentId,
      operation,
      conversion: {
        routerAddress: router.address,
        tokenIn: fixture.token.address,
        maxAmountIn: maxAmountInWithBuffer(quote.amountIn, bufferBps),
        deadline: (await fixture.networkHelpers.time.latest()) + 600,
      },
    });
    return prepareSponsoredOperation(fixture, payer, calls);
  };
  const samePayment = async (payer: ToPaykeyAccountReturnType) => {
    const terms = await paymentTerms(fixture, payer.address, price);
    return prepareSponsoredOperation(fixture, payer, buildPaymentCalls({ escrowAddress: fixture.escrow.address, terms }));
  };

  // Warm-up: a first sale at each shop (charged), and another payer's open authorizations in escrow.
  const warmUp = await newPayer();
  await sendAndExpectSuccess(fixture, [await crossPayment(warmUp, "charge")]);
  await sendAndExpectSuccess(fixture, [await crossPayment(warmUp)]);
  await sendAndExpectSuccess(fixture, [await samePayment(warmUp)]);

  const payer = await newPayer();
  await sendAndExpectSuccess(fixture, [await samePayment(payer)]); // deploys the account
  const baseline = (await sendAndExpectSuccess(fixture, [await samePayment(payer)])).gasUsed;
  await sendAndExpectSuccess(fixture, [await crossPayment(payer)]);
  const cross = await sendAndExpectSuccess(fixture, [await crossPayment(payer)]);
  const eurBalance = await fixture.publicClient.readContract({ address: eur.address, abi: erc20Abi, functionName: "balanceOf", args: [payer.address] });
  if (eurBalance !== 0n) throw new Error(`the payer kept ${eurBalance} tEURC: the conversion was not exact`);
  return { rows: { "passkey.payCrossCurrency": cross.gasUsed }, baseline };
}

export async function measure(): Promise<GasRows> {
  const convert = await measureConvert();
  const { rows, baseline } = await measurePayCrossCurrency();
  targets["passkey.payCrossCurrency"] = Number(baseline) + 70_000;
  console.log(`passkey.pay on the cross-currency fixture (baseline of passkey.payCrossCurrency): ${baseline}`);
  return { ...convert, ...rows };
}
