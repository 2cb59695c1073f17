// `npm start`'s demo store: four weeks of real sales mined at past times on the "demo" network
// (which starts five weeks ago), through the relayer's request and checkout code. The ledger's
// sales equal the escrow's first captures on-chain; the first signed-in merchant takes the
// store over (the on-chain merchant moves to its passkey account) and its analytics show the
// history; nobody else can take it again.
import { expect } from "chai";
import { getAddress, parseEventLogs } from "viem";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import { demoStoreId, seedDemoHistory } from "../../../scripts/lib/demoHistory.ts";
import { deployLocalPaykey, type LocalDeployment } from "../../../scripts/lib/localDeployment.ts";
import { waitFor } from "../helpers/commerceFixture.ts";
import { startChain, type TestChain } from "../helpers/chain.ts";
import { withRelayer } from "../helpers/fixture.ts";
import { api } from "../helpers/http.ts";
import { startTestRelayer, type TestRelayer } from "../helpers/relayer.ts";

describe("npm start's demo store: real history, taken over by the first merchant", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let local: LocalDeployment;
  let relayer: TestRelayer;
  let history: Awaited<ReturnType<typeof seedDemoHistory>>;

  before(async function () {
    chain = await startChain("demo");
    local = await deployLocalPaykey(chain.url);
    relayer = await startTestRelayer(chain.url, { DEPLOYMENT_FILE: local.deploymentFile, INDEXER_POLL_MS: "50" });
    history = await seedDemoHistory({ local, chainUrl: chain.url, store: relayer.store, days: 7 });
  });
  after(async () => {
    await relayer?.stop();
    await chain?.close();
  });

  it("mines every sale at a past time, then brings the chain's clock to now", async function () {
    expect(history.sales).to.be.greaterThan(20);
    const latest = await local.publicClient.getBlock();
    expect(Math.abs(Number(latest.timestamp) - Date.now() / 1000)).to.be.below(120);
    const logs = parseEventLogs({ abi: iPaymentEscrowAbi, logs: await local.publicClient.getLogs({ address: local.deployment.paymentEscrow, fromBlock: 0n }) });
    const authorized = logs.filter((log) => log.eventName === "PaymentAuthorized");
    expect(authorized).to.have.length(history.sales);
    const blockTimes = await Promise.all([authorized[0]!, authorized.at(-1)!].map(async (log) => Number((await local.publicClient.getBlock({ blockNumber: log.blockNumber })).timestamp)));
    expect(Date.now() / 1000 - blockTimes[0]!).to.be.greaterThan(6 * 86_400);
    expect(Date.now() / 1000 - blockTimes[1]!).to.be.greaterThan(3_600);
    expect(logs.some((log) => log.eventName === "PaymentRefunded")).to.equal(true);
    expect(logs.some((log) => log.eventName === "PaymentAuthorized" && log.args.couponDiscount > 0n)).to.equal(true);
  });

  it("hands the store to the first merchant who asks; its analytics count the sales the chain shows", async function () {
    const fx = withRelayer(chain, { ...local, usd: local.usd.address, merchantId: local.merchantId } as unknown as Parameters<typeof withRelayer>[1], relayer);
    expect((await api(relayer.url, "GET", "/api/demo/store")).body).to.deep.equal({ available: true, name: "Paykey Demo Café" });
    const merchant = await fx.signUp(0n);
    const claimed = await api(relayer.url, "POST", "/api/demo/store", { token: merchant.token });
    expect(claimed.status, JSON.stringify(claimed.body)).to.equal(200);
    expect(claimed.body.store).to.deep.include({ id: demoStoreId, ownerAccount: merchant.address, merchantId: local.merchantId.toString(), status: "active" });
    const onChain = await local.publicClient.readContract({ address: local.deployment.paymentEscrow, abi: iPaymentEscrowAbi, functionName: "merchant", args: [local.merchantId] });
    expect(getAddress(onChain.owner)).to.equal(merchant.address);

    // The ledger's sales are the payments' first captures on-chain.
    const logs = parseEventLogs({ abi: iPaymentEscrowAbi, logs: await local.publicClient.getLogs({ address: local.deployment.paymentEscrow, fromBlock: 0n }) });
    const captured = new Set(logs.filter((log) => log.eventName === "PaymentCaptured").map((log) => log.args.paymentId));
    const analytics = await waitFor("the history indexed", async () => {
      const response = await api(relayer.url, "GET", `/api/stores/${demoStoreId}/analytics?days=30`, { token: merchant.token });
      return response.status === 200 && response.body.summary.orders === captured.size ? response.body : undefined;
    });
    expect(analytics.summary.orders).to.be.greaterThan(15);
    expect(analytics.topItems.byRevenue.length).to.be.greaterThan(3);
    expect(BigInt(analytics.summary.refunds) > 0n).to.equal(true);
    expect(analytics.series.filter((bucket: { orders: number }) => bucket.orders > 0).length).to.be.at.least(6);

    const second = await fx.signUp(0n);
    const again = await api(relayer.url, "POST", "/api/demo/store", { token: second.token });
    expect(again.status).to.equal(404);
    expect((await api(relayer.url, "GET", "/api/demo/store")).body.available).to.equal(false);
  });
});
