// The SDK's quote math (@paykey/sdk/fx) is the router's: for random amounts, rates, spreads and
// decimals (feed 6-18, base token 6 or 18), `amountInForExactOut` equals `FxRouter.quoteExactOut` in
// both directions, so what the relayer and the checkout disclose is what the chain charges. Plus the
// buffer, the spread's cost and the rate as people read it.
import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";
import { amountInForExactOut, amountOutForMaxIn, formatRate, maxAmountInWithBuffer, spreadCost } from "@paykey/sdk/fx";

describe("fx: SDK quote math equals the router's", function () {
  it("amountInForExactOut = quoteExactOut for random amounts, rates, spreads and decimals", async function () {
    const { viem } = await network.create();
    const [deployer] = await viem.getWalletClients();
    const owner = deployer!.account.address;
    const { timestamp } = await (await viem.getPublicClient()).getBlock();
    const usd = await viem.deployContract("TestStablecoin", ["Paykey Test USD", "tUSDC", owner]);
    const bases = { 6: await viem.deployContract("TestStablecoin", ["Paykey Test EUR", "tEURC", owner]), 18: await viem.deployContract("WideStablecoin") };
    const router = await viem.deployContract("FxRouter", [owner, usd.address]);
    const feeds = new Map<number, Awaited<ReturnType<typeof viem.deployContract<"ScriptedPriceFeed">>>>();
    for (const decimals of [6, 8, 12, 18]) feeds.set(decimals, await viem.deployContract("ScriptedPriceFeed", [decimals]));

    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.constantFrom(6, 8, 12, 18),
        fc.constantFrom(6, 18) as fc.Arbitrary<6 | 18>,
        fc.integer({ min: 0, max: 100 }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.boolean(),
        async (amountOut, feedDecimals, baseDecimals, spreadBps, rateMillionths, buyingBase) => {
          // A rate between 0.000001 and 1 in feed units, kept inside a band around it.
          const rate = (rateMillionths * 10n ** BigInt(feedDecimals)) / 10n ** 6n || 1n;
          const feed = feeds.get(feedDecimals)!;
          await feed.write.set([7n, rate, timestamp + 10_000n]);
          const base = bases[baseDecimals];
          await router.write.setPair([
            base.address,
            { feed: feed.address, spreadBps, maxAge: 3600, minAnswer: 1n, maxAnswer: 2n ** 127n, enabled: true },
          ]);
          const [tokenIn, tokenOut] = buyingBase ? [usd.address, base.address] : [base.address, usd.address];
          const onChain = await router.read.quoteExactOut([tokenIn, tokenOut, amountOut]);
          const sdk = amountInForExactOut({ amountOut, rate, rateDecimals: feedDecimals, spreadBps, baseDecimals, numeraireDecimals: 6, buyingBase });
          expect(sdk).to.equal(onChain.amountIn);
          expect(onChain.rate).to.equal(rate);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("adds the buffer rounded up, prices the spread and formats the rate", function () {
    expect(maxAmountInWithBuffer(54_374_748n, 50)).to.equal(54_646_622n); // 54,646,621.74 rounded up
    expect(maxAmountInWithBuffer(1n, 50)).to.equal(2n);
    expect(maxAmountInWithBuffer(100n, 0)).to.equal(100n);
    const pricing = { amountOut: 49_990_000n, rate: 108_500_000n, rateDecimals: 8, spreadBps: 25, baseDecimals: 6, numeraireDecimals: 6, buyingBase: true };
    // 54,374,748 with the spread, 54,239,150 (54.23915 exactly) without.
    expect(spreadCost(pricing)).to.equal(135_598n);
    expect(formatRate({ rate: 108_500_000n, rateDecimals: 8, locale: "en" })).to.equal("1.0850");
    expect(formatRate({ rate: 108_512_345n, rateDecimals: 8, locale: "zh-CN" })).to.equal("1.0851");
    expect(formatRate({ rate: 1_234_567_000_000_000_000_000n, rateDecimals: 18, locale: "en" })).to.equal("1,234.5670");
    expect(formatRate({ rate: 10_850n, rateDecimals: 4, locale: "en", fractionDigits: 6 })).to.equal("1.085000");
  });

  it("finds the most a budget buys exactly (converting a refund back), never over the budget", function () {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 50_000_000n, max: 200_000_000n }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.boolean(),
        (maxAmountIn, rate, spreadBps, bufferBps, buyingBase) => {
          const pricing = { rate, rateDecimals: 8, spreadBps, baseDecimals: 6, numeraireDecimals: 6, buyingBase };
          const amountOut = amountOutForMaxIn({ ...pricing, maxAmountIn, bufferBps });
          const signed = (out: bigint) => maxAmountInWithBuffer(amountInForExactOut({ ...pricing, amountOut: out }), bufferBps);
          if (amountOut > 0n) expect(signed(amountOut) <= maxAmountIn, "within the budget").to.equal(true);
          expect(signed(amountOut + 1n) > maxAmountIn, "one more unit is over it").to.equal(true);
        },
      ),
    );
    // 49.99 EUR refunded, back to USD at 1.0850 with a 0.25% spread and a 0.5% buffer.
    expect(amountOutForMaxIn({ maxAmountIn: 49_990_000n, rate: 108_500_000n, rateDecimals: 8, spreadBps: 25, baseDecimals: 6, numeraireDecimals: 6, buyingBase: false, bufferBps: 50 })).to.equal(53_834_716n); // ≈ 49.99 × 1.085 / (1.0025 × 1.005)
  });
});
