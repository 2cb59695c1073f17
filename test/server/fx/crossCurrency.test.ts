// Cross-border settlement end to end through the relayer: a passkey payer holding only tUSDC pays a
// 49.99 tEURC invoice of a euro merchant with one sponsored user operation (viem's bundler and
// paymaster clients; approve router → convertExactOut → approve escrow → authorize). Balances of
// payer, merchant, pool and fee receiver move by exactly the disclosed amounts; the conversion is
// indexed with its payment id and user operation. A quote that expired, or whose feed moved beyond the
// buffer, is refused with its reason before anything is signed for the chain, and nothing moves.
import { expect } from "chai";
import { type Address, type Hex, BaseError, erc20Abi, parseEventLogs, parseUnits } from "viem";
import { iFxRouterAbi, iPaymentEscrowAbi, manualPriceFeedAbi } from "@paykey/sdk/contracts";
import { amountInForExactOut, buildCrossCurrencyPaymentCalls, maxAmountInWithBuffer, spreadCost } from "@paykey/sdk/fx";
import { devAccount, devAccountRoles } from "../../../scripts/lib/devAccounts.ts";
import { termsFromJson } from "@paykey/sdk/commerce";
import { createCommerceFixture, merchantCalls, waitFor, type CommerceFixture, type User } from "../helpers/commerceFixture.ts";

describe("fx: a dollar payer pays a euro invoice through the relayer", function () {
  let fx: CommerceFixture;
  let merchant: Awaited<ReturnType<CommerceFixture["openStore"]>>;
  let payer: User;
  let router: Address;
  let feed: Address;
  let eur: Address;
  const feeReceiver = devAccount(devAccountRoles.feeReceiver).address;
  const lineItems = [{ name: "Stroopwafel tin", quantity: 1, unitPrice: "49990000" }];

  const balanceOf = (token: Address, account: Address) =>
    fx.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] });
  const balances = async () => {
    const parties = { payer: payer.address, merchant: merchant.merchant.address, router, escrow: fx.escrow, feeReceiver };
    const out: Record<string, { usd: bigint; eur: bigint }> = {};
    for (const [name, address] of Object.entries(parties)) {
      out[name] = { usd: await balanceOf(fx.usd, address), eur: await balanceOf(eur, address) };
    }
    return out;
  };
  /** Moves the local EUR / USD feed (the deployer is its operator in tests). */
  const setFeed = async (answer: bigint) => {
    const hash = await fx.deployer.writeContract({ address: feed, abi: manualPriceFeedAbi, functionName: "updateAnswer", args: [answer] });
    await fx.publicClient.waitForTransactionReceipt({ hash });
  };
  const newRequest = async (orderRef: string) => {
    const response = await fx.call("POST", `/api/stores/${merchant.store.id}/requests`, merchant.merchant.token, { amount: "49990000", orderRef, lineItems });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body.request;
  };
  const quoteFor = async (requestId: string) => {
    const response = await fx.call("GET", `/api/fx/quote?requestId=${requestId}&tokenIn=${fx.usd}`);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body.quote;
  };
  /** Checkout + the four calls of the cross-currency payment, at `quote`. */
  const paymentCalls = async (requestId: string, quote: any) => {
    const checkout = await fx.call("POST", `/api/requests/${requestId}/checkout`, payer.token);
    expect(checkout.status, JSON.stringify(checkout.body)).to.equal(200);
    const calls = buildCrossCurrencyPaymentCalls({
      escrowAddress: fx.escrow,
      terms: termsFromJson(checkout.body.terms),
      paymentId: checkout.body.paymentId,
      conversion: { routerAddress: quote.router, tokenIn: fx.usd, maxAmountIn: BigInt(quote.maxAmountIn), deadline: quote.expiresAt },
    });
    return { calls, paymentId: checkout.body.paymentId as Hex, terms: termsFromJson(checkout.body.terms) };
  };
  /** Sends `calls` and expects the relayer to refuse them; returns the error's text. */
  const expectRefused = async (calls: Awaited<ReturnType<typeof paymentCalls>>["calls"]) => {
    const error = await fx.bundlerClient.sendUserOperation({ account: payer.account, calls }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error, "refused").to.be.instanceOf(BaseError);
    const text = (error as BaseError).walk((cause) => /"reason"|execution reverted/.test(String((cause as Error).message)));
    return `${(error as BaseError).message} ${String((text as Error | null)?.message ?? "")}`;
  };

  before(async function () {
    fx = await createCommerceFixture();
    const fxDeployment = fx.deployment.fx!;
    router = fxDeployment.router;
    feed = fxDeployment.pairs[0]!.feed;
    eur = fx.deployment.tokens.EUR!.address;
    merchant = await fx.openStore("Brasserie Amsterdam", "EUR");
    payer = await fx.signUp(parseUnits("200", 6));
  });

  after(async function () {
    await fx?.close();
  });

  it("quotes a request: rate, spread, fee, maximum with the buffer, feed round, expiry", async function () {
    const request = await newRequest("EU-1");
    const quote = await quoteFor(request.id);
    const [, answer, , updatedAt] = await fx.publicClient.readContract({ address: feed, abi: manualPriceFeedAbi, functionName: "latestRoundData" });
    const pricing = { amountOut: 49_990_000n, rate: answer, rateDecimals: 8, spreadBps: 25, baseDecimals: 6, numeraireDecimals: 6, buyingBase: true };
    const amountIn = amountInForExactOut(pricing);
    const { timestamp } = await fx.publicClient.getBlock();
    expect(quote).to.deep.equal({
      router,
      tokenIn: { address: fx.usd, symbol: "tUSDC", currency: "USD", decimals: 6 },
      tokenOut: { address: eur, symbol: "tEURC", currency: "EUR", decimals: 6 },
      amountOut: "49990000",
      amountIn: amountIn.toString(),
      maxAmountIn: maxAmountInWithBuffer(amountIn, 50).toString(),
      bufferBps: 50,
      rate: { value: answer.toString(), decimals: 8, base: "EUR", quote: "USD" },
      spread: { bps: 25, amount: spreadCost(pricing).toString() },
      fee: { bps: 100, amount: "499900" },
      feed: { address: feed, roundId: "1", updatedAt: Number(updatedAt) },
      expiresAt: Number(timestamp) + 120,
      requestId: request.id,
    });
    // 49.99 EUR at 1.0850 + 0.25% is 54.374747875 USD, rounded up to the next base unit.
    expect(amountIn).to.equal(54_374_748n);
  });

  it("pays the euro invoice from tUSDC in one user operation; balances move by exactly the disclosed amounts", async function () {
    const request = await newRequest("EU-2");
    const quote = await quoteFor(request.id);
    const { calls, paymentId, terms } = await paymentCalls(request.id, quote);
    expect(calls.map((call) => call.to)).to.deep.equal([fx.usd, router, eur, fx.escrow]);
    const before = await balances();
    expect(before.payer).to.deep.equal({ usd: parseUnits("200", 6), eur: 0n });

    const { userOpHash, receipt } = await fx.sendCalls(payer, calls);
    const [converted] = parseEventLogs({ abi: iFxRouterAbi, logs: receipt.receipt.logs, eventName: "Converted" });
    const [authorized] = parseEventLogs({ abi: iPaymentEscrowAbi, logs: receipt.receipt.logs, eventName: "PaymentAuthorized" });
    expect(converted!.args).to.deep.include({ ref: paymentId, payer: payer.address, tokenIn: fx.usd, tokenOut: eur, amountOut: 49_990_000n, spreadBps: 25, feedRoundId: 1n });
    expect(authorized!.args.paymentId).to.equal(paymentId);
    const amountIn = BigInt(quote.amountIn); // the feed did not move: the quoted price exactly
    expect(converted!.args.amountIn).to.equal(amountIn);

    const paid = await balances();
    expect(paid.payer).to.deep.equal({ usd: before.payer!.usd - amountIn, eur: 0n });
    expect(paid.router).to.deep.equal({ usd: before.router!.usd + amountIn, eur: before.router!.eur - 49_990_000n });
    expect(paid.escrow!.eur - before.escrow!.eur).to.equal(49_990_000n);
    expect(await fx.publicClient.getBalance({ address: payer.address })).to.equal(0n);

    // The merchant captures: the invoice, net of the disclosed fee, in its own currency.
    await fx.sendCalls(merchant.merchant, merchantCalls.capture(fx.escrow, terms, 49_990_000n));
    const captured = await balances();
    expect(captured.merchant!.eur - before.merchant!.eur).to.equal(49_990_000n - BigInt(quote.fee.amount));
    expect(captured.feeReceiver!.eur - before.feeReceiver!.eur).to.equal(BigInt(quote.fee.amount));
    expect(captured.escrow!.eur).to.equal(before.escrow!.eur);
    expect(captured.payer).to.deep.equal(paid.payer);

    // Indexed: the conversion under the payment's id, with its user operation.
    const { body } = await waitFor("conversion indexed", async () => {
      const response = await fx.call("GET", `/api/payments/${paymentId}/conversions`);
      return response.body.conversions?.length === 1 ? response : undefined;
    });
    const block = await fx.publicClient.getBlock({ blockNumber: receipt.receipt.blockNumber });
    expect(body).to.deep.equal({
      router,
      conversions: [
        {
          paymentId,
          payer: payer.address,
          tokenIn: quote.tokenIn,
          tokenOut: quote.tokenOut,
          amountIn: amountIn.toString(),
          amountOut: "49990000",
          rate: quote.rate,
          spreadBps: 25,
          feedRoundId: "1",
          transactionHash: receipt.receipt.transactionHash,
          blockNumber: Number(receipt.receipt.blockNumber),
          logIndex: converted!.logIndex,
          userOpHash,
          timestamp: new Date(Number(block.timestamp) * 1000).toISOString(),
        },
      ],
    });
    const [row] = await fx.relayer.store.query("SELECT payment_id, amount_in, rate, rate_decimals, block_hash FROM fx_conversions WHERE payment_id = $1", [paymentId]);
    expect(row).to.deep.equal({ payment_id: paymentId, amount_in: amountIn.toString(), rate: quote.rate.value, rate_decimals: 8, block_hash: block.hash });
  });

  it("refuses an expired quote with its reason, and nothing moves", async function () {
    const request = await newRequest("EU-3");
    const { calls } = await paymentCalls(request.id, await quoteFor(request.id));
    await fx.chain.networkHelpers.time.increase(121);
    const before = await balances();
    const message = await expectRefused(calls);
    expect(message).to.match(/QuoteExpired\(\d+, \d+\)/);
    expect(await balances()).to.deep.equal(before);
    expect((await fx.call("GET", `/api/requests/${request.id}`)).body.request.status).to.equal("open");
  });

  it("refuses a quote whose feed moved beyond the buffer with its reason, and nothing moves", async function () {
    const request = await newRequest("EU-4");
    const quote = await quoteFor(request.id);
    const { calls } = await paymentCalls(request.id, quote);
    await setFeed((BigInt(quote.rate.value) * 10_060n) / 10_000n); // +0.6% against a 0.5% buffer
    const before = await balances();
    const message = await expectRefused(calls);
    expect(message).to.match(new RegExp(`MaxAmountInExceeded\\(\\d+, ${quote.maxAmountIn}\\)`));
    expect(await balances()).to.deep.equal(before);

    // A fresh quote at the new rate pays.
    const fresh = await quoteFor(request.id);
    expect(BigInt(fresh.amountIn) > BigInt(quote.maxAmountIn), "the new price is beyond the old maximum").to.equal(true);
    const { calls: again } = await paymentCalls(request.id, fresh);
    await fx.sendCalls(payer, again);
    expect(await balanceOf(fx.usd, payer.address)).to.equal(before.payer!.usd - BigInt(fresh.amountIn));
  });
});
