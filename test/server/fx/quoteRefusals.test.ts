// GET /api/fx/quote refuses what the router would refuse, before anything is signed, with a 4xx/503
// and a reason (never a 500): bad queries, tokens this deployment does not settle in, pairs the router
// does not list, unknown and paid requests, a pool too small, paused conversions, a stale feed; and 503
// on a relayer without a router. The sponsorship policy pays for the router's conversion and an
// approval to the router, and for nothing else of the router's (liquidity is the providers' own gas).
import { readFileSync, writeFileSync } from "node:fs";
import { expect } from "chai";
import { encodeFunctionData, erc20Abi, getAddress, parseGwei, zeroHash, type Address, type Hex } from "viem";
import { fxRouterAbi, iFxRouterAbi, manualPriceFeedAbi } from "@paykey/sdk/contracts";
import { rpcForm } from "../helpers/fixture.ts";
import { startTestRelayer } from "../helpers/relayer.ts";
import { api } from "../helpers/http.ts";
import { createCommerceFixture, type CommerceFixture } from "../helpers/commerceFixture.ts";

describe("fx: quote refusals and sponsorship", function () {
  let fx: CommerceFixture;
  let router: Address;
  let eur: Address;
  let requestId: string;

  const quote = (query: string) => fx.call("GET", `/api/fx/quote?${query}`);
  const expectRefusal = (response: { status: number; body: any }, status: number, reason: string) => {
    expect(response.status, JSON.stringify(response.body)).to.equal(status);
    expect(response.body.error.reason).to.equal(reason);
    expect(response.body.error.message).to.be.a("string").and.not.equal("");
    return response.body.error;
  };
  const asOwner = async (functionName: "pause" | "unpause") => {
    const hash = await fx.deployer.writeContract({ address: router, abi: fxRouterAbi, functionName });
    await fx.publicClient.waitForTransactionReceipt({ hash });
  };

  before(async function () {
    fx = await createCommerceFixture();
    router = fx.deployment.fx!.router;
    eur = fx.deployment.tokens.EUR!.address;
    const { merchant, store } = await fx.openStore("Boulangerie", "EUR");
    const created = await fx.call("POST", `/api/stores/${store.id}/requests`, merchant.token, {
      amount: "3200000",
      orderRef: "B-1",
      lineItems: [{ name: "Baguette", quantity: 2, unitPrice: "1600000" }],
    });
    requestId = created.body.request.id;
  });

  after(async function () {
    await fx?.close();
  });

  it("refuses malformed queries (400 invalid_input)", async function () {
    for (const query of [
      "",
      `tokenIn=${fx.usd}`,
      `tokenIn=${fx.usd}&tokenOut=${eur}`,
      `tokenIn=nothex&tokenOut=${eur}&amountOut=1`,
      `tokenIn=${fx.usd}&tokenOut=${eur}&amountOut=0`,
      `tokenIn=${fx.usd}&tokenOut=${eur}&amountOut=1.5`,
      `tokenIn=${fx.usd}&tokenOut=${eur}&amountOut=1&requestId=${requestId}`,
    ]) {
      const response = await quote(query);
      expect(response.status, query).to.equal(400);
      expect(response.body.error.reason, query).to.equal("invalid_input");
      expect(response.body.error.issues, query).to.be.an("array").that.is.not.empty;
    }
  });

  it("refuses tokens, pairs and requests it cannot quote", async function () {
    const stranger = "0x000000000000000000000000000000000000c0de";
    expect(expectRefusal(await quote(`tokenIn=${stranger}&tokenOut=${eur}&amountOut=1`), 400, "currency_unavailable")).to.include({ token: stranger });
    expect(expectRefusal(await quote(`tokenIn=${fx.usd}&tokenOut=${fx.usd}&amountOut=1`), 400, "pair_not_found")).to.include({ error: "PairNotFound" });
    expectRefusal(await quote(`tokenIn=${fx.usd}&requestId=AAAAAAAAAAAAAAAAAAAAAA`), 404, "not_found");
    const available = await fx.publicClient.readContract({ address: eur, abi: erc20Abi, functionName: "balanceOf", args: [router] });
    const short = expectRefusal(await quote(`tokenIn=${fx.usd}&tokenOut=${eur}&amountOut=${available + 1n}`), 409, "insufficient_liquidity");
    expect(short).to.include({ available: available.toString(), requested: (available + 1n).toString() });
    // The other direction is a pair too: EUR → USD.
    expect((await quote(`tokenIn=${eur}&tokenOut=${fx.usd}&amountOut=1000000`)).status).to.equal(200);
  });

  it("refuses while conversions are paused (503 fx_unavailable, EnforcedPause), and quotes again after", async function () {
    await asOwner("pause");
    expect(expectRefusal(await quote(`tokenIn=${fx.usd}&requestId=${requestId}`), 503, "fx_unavailable")).to.include({ error: "EnforcedPause" });
    await asOwner("unpause");
    expect((await quote(`tokenIn=${fx.usd}&requestId=${requestId}`)).status).to.equal(200);
  });

  it("sponsors the conversion and an approval to the router, and nothing else of the router's", async function () {
    const payer = await fx.signUp(0n);
    let nonce = 0n;
    const stub = async (calls: { to: Address; data: Hex }[]) => {
      nonce += 1n;
      const op = {
        sender: payer.address,
        nonce,
        callData: await payer.account.encodeCalls(calls),
        maxFeePerGas: parseGwei("2"),
        maxPriorityFeePerGas: parseGwei("1"),
        callGasLimit: 300_000n,
        verificationGasLimit: 300_000n,
        preVerificationGas: 60_000n,
        paymasterVerificationGasLimit: 60_000n,
        paymasterPostOpGasLimit: 0n,
      };
      return fx.rpc("pm_getPaymasterStubData", [rpcForm(op), fx.entryPoint, "0x7a69", {}]);
    };
    const approve = encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [router, 1_000_000n] });
    const convert = encodeFunctionData({
      abi: iFxRouterAbi,
      functionName: "convertExactOut",
      args: [fx.usd, eur, 1_000_000n, 1_100_000n, 2_000_000_000n, zeroHash],
    });
    expect((await stub([{ to: fx.usd, data: approve }, { to: router, data: convert }])).result?.paymaster).to.equal(fx.paymaster);
    const deposit = encodeFunctionData({ abi: iFxRouterAbi, functionName: "deposit", args: [fx.usd, 1n, 0n] });
    const refused = await stub([{ to: router, data: deposit }]);
    expect(refused.error!.data).to.deep.include({ reason: "target_not_allowed", target: getAddress(router) });
  });

  it("refuses a stale feed (503 feed_unavailable) with the router's error and values", async function () {
    await fx.chain.networkHelpers.time.increase(3_601);
    const stale = expectRefusal(await quote(`tokenIn=${fx.usd}&requestId=${requestId}`), 503, "feed_unavailable");
    expect(stale.error).to.equal("StalePrice");
    expect(stale.details).to.match(/^StalePrice\(0x[0-9a-fA-F]{40}, 1, \d+, 3600, \d+\)$/);
    // The operator updates the feed: quotes again.
    const feed = fx.deployment.fx!.pairs[0]!.feed;
    await fx.publicClient.waitForTransactionReceipt({
      hash: await fx.deployer.writeContract({ address: feed, abi: manualPriceFeedAbi, functionName: "updateAnswer", args: [109_000_000n] }),
    });
    const fresh = await quote(`tokenIn=${fx.usd}&requestId=${requestId}`);
    expect(fresh.body.quote.feed.roundId).to.equal("2");
  });

  it("answers 503 fx_unavailable on a relayer without a router", async function () {
    const deployment = JSON.parse(readFileSync(fx.deploymentFile, "utf8")) as Record<string, unknown>;
    delete deployment.fx;
    const file = fx.deploymentFile.replace(/\.json$/, "-without-fx.json");
    writeFileSync(file, JSON.stringify(deployment));
    const relayer = await startTestRelayer(fx.chain.url, { DEPLOYMENT_FILE: file }, { runExecutor: false });
    try {
      const response = await api(relayer.url, "GET", `/api/fx/quote?tokenIn=${fx.usd}&tokenOut=${eur}&amountOut=1`);
      expectRefusal(response, 503, "fx_unavailable");
      expect((await api(relayer.url, "GET", `/api/payments/${zeroHash}/conversions`)).body).to.deep.equal({ router: null, conversions: [] });
    } finally {
      await relayer.stop();
    }
  });
});
