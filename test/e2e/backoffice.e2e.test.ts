// The merchant back office end to end in Chromium with a virtual passkey, against the real
// system. The chain runs on the "demo" network (it starts in the past), so the demo store's
// history — real payments at past times, as `npm start` mines them — is on it before anyone
// signs in:
//   1. a merchant signs up and takes over the demo store: the dashboard shows the sales chart
//      (uPlot), busy hours, customers and top items over that history;
//   2. several payments are made now; the totals grow by exactly their amounts;
//   3. a webhook endpoint is added in the dashboard (its secret shown once), a payment follows,
//      and the delivery appears with its attempt's status code; the receiver verified it;
//   4. the settlement CSV is downloaded and parsed: one row per sale of the period;
//   5. screenshots at 390 and 1280 px, in English and Simplified Chinese.
import { expect } from "chai";
import { parse } from "csv-parse/sync";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hardhat } from "viem/chains";
import { Webhook } from "standardwebhooks";
import { demoStoreId, seedDemoHistory, type DemoDeployment } from "../../scripts/lib/demoHistory.ts";
import { devAccount, devAccountRoles } from "../../scripts/lib/devAccounts.ts";
import { checkoutRequest } from "../../server/src/commerce/checkout.ts";
import { termsFromJson } from "@paykey/sdk/commerce";
import { insertRequest } from "../../server/src/commerce/requests.ts";
import type { StoreRow } from "../../server/src/commerce/stores.ts";
import { createEscrowActors, type EscrowActors } from "../server/ledger/escrowActors.ts";
import { startReceiver, type Receiver } from "../server/webhooks/receiver.ts";
import { type E2eEnvironment, type Person, screenshotsDir, startE2eEnvironment } from "./helpers/environment.ts";

describe("web app: merchant back office end to end (Chromium, virtual passkeys)", function () {
  this.timeout(600_000);
  let env: E2eEnvironment;
  let merchant: Person;
  let actors: EscrowActors;
  let receiver: Receiver;
  let failed = false;
  const summary = async (key: string) => (await merchant.page.getByTestId(`figure-${key}`).innerText()).trim();

  /** A payment made now: a request and checkout through the relayer's own code, paid and captured by a development account (charge). */
  async function payNow(payer: number, items: { name: string; quantity: number; unitPrice: bigint }[]) {
    const [store] = await env.store.query<StoreRow>("SELECT * FROM commerce_stores WHERE id = $1", [demoStoreId]);
    const amount = items.reduce((sum, item) => sum + item.unitPrice * BigInt(item.quantity), 0n);
    const request = await insertRequest(env.store, store!, { decimals: 6 }, { amount, orderRef: `NOW-${Date.now()}`, lineItems: items, expiresInSeconds: 3_600 }, new Date());
    const checkout = await checkoutRequest({ db: env.store, client: env.publicClient, escrow: env.deployment.paymentEscrow, requestId: request.id, payer: devAccount(payer).address, now: new Date() });
    return actors.pay(termsFromJson(checkout.terms), { operation: "charge" });
  }

  before(async function () {
    env = await startE2eEnvironment({ network: "demo" });
    const local: DemoDeployment = {
      chain: { ...hardhat, name: "Paykey local" } as unknown as DemoDeployment["chain"],
      publicClient: env.publicClient as DemoDeployment["publicClient"],
      deployer: env.deployer as unknown as DemoDeployment["deployer"],
      deployment: env.deployment,
      merchantOwner: devAccount(devAccountRoles.demoMerchant),
      merchantId: 1n,
      usd: { address: env.deployment.tokens.USD!.address },
    };
    await seedDemoHistory({ local, chainUrl: env.chain.url, store: env.store, days: 6 });
    actors = createEscrowActors(env.chain.url, { deployment: env.deployment, usd: local.usd.address, merchantId: 1n, deployer: env.deployer, publicClient: env.publicClient as DemoDeployment["publicClient"] });
    for (const payer of [6, 7]) await actors.fund(100_000_000n, payer);
    receiver = await startReceiver();
    merchant = await env.person("merchant");
  });
  after(async () => {
    await env?.close();
    await receiver?.close();
  });
  beforeEach(function () {
    if (failed) this.skip();
  });
  afterEach(async function () {
    if (this.currentTest?.state !== "failed") return;
    failed = true;
    await merchant?.page.screenshot({ path: join(screenshotsDir, "failed-backoffice.png"), fullPage: true }).catch(() => undefined);
  });

  it("1. a merchant signs up, takes over the demo store and sees charts over its history", async function () {
    const { page } = merchant;
    await page.goto("/merchant");
    await page.getByTestId("sign-up").click();
    await page.getByTestId("demo-store-offer").waitFor({ timeout: 30_000 });
    await page.getByTestId("demo-store-claim").click();
    await page.getByTestId("store-title").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("store-title").innerText()).to.equal("Paykey Demo Café");
    await page.locator('[data-testid="sales-chart"] canvas').first().waitFor({ timeout: 30_000 });
    await page.getByTestId("peak-hours").waitFor();
    expect(Number(await summary("orders"))).to.be.greaterThan(10);
    expect(await page.getByTestId("analytics-top-items").locator("li").count()).to.be.greaterThan(3);
    // Historic payments are final; the list shows it.
    await page.locator('[data-testid="payment-finality"][data-finality="finalized"]').first().waitFor({ timeout: 30_000 });
  });

  it("2. several payments now: the sales count and gross grow by exactly them", async function () {
    const { page } = merchant;
    const before = Number(await summary("orders"));
    await payNow(6, [{ name: "Espresso", quantity: 2, unitPrice: 3_000_000n }]);
    await payNow(7, [{ name: "Cheesecake", quantity: 1, unitPrice: 4_500_000n }, { name: "Green tea", quantity: 1, unitPrice: 2_600_000n }]);
    await payNow(6, [{ name: "Sandwich", quantity: 1, unitPrice: 6_900_000n }]);
    await page.waitForFunction(`document.querySelector('[data-testid="figure-orders"]')?.textContent.trim() === "${before + 3}"`, undefined, { timeout: 30_000 });
    // The new payments show in the list as not final yet.
    await page.locator('[data-testid="payment-finality"][data-finality="pending"]').first().waitFor();
  });

  it("3. a webhook endpoint added in the dashboard receives the next payment; the delivery shows status 200", async function () {
    const { page } = merchant;
    await page.getByTestId("webhook-url").fill(`${receiver.url}/orders`);
    await page.getByTestId("webhook-add").click();
    const secret = await page.getByTestId("webhook-secret").innerText();
    expect(secret).to.match(/^whsec_/);
    await page.getByTestId("webhook-endpoint").first().waitFor();

    const paid = await payNow(7, [{ name: "Croissant", quantity: 3, unitPrice: 2_800_000n }]);
    const delivery = page.locator('[data-testid="webhook-delivery"][data-status="succeeded"]').first();
    await delivery.waitFor({ timeout: 60_000 });
    expect(await delivery.getByTestId("webhook-attempt").first().getAttribute("data-status-code")).to.equal("200");
    const captured = receiver.ofType("payment.captured").find((entry) => entry.body.includes(paid.paymentId))!;
    const body = new Webhook(secret).verify(captured.body, captured.headers as Record<string, string>) as { data: { paymentId: string; storeId: string } };
    expect(body.data).to.deep.include({ paymentId: paid.paymentId, storeId: demoStoreId });
    await page.getByTestId("webhooks").screenshot({ path: join(screenshotsDir, "backoffice-webhooks-390-en.png") });
  });

  it("4. downloads the settlement CSV of the shown period: one row per sale", async function () {
    const { page } = merchant;
    // Every sale so far is in the shown 30 days; wait until the dashboard counts the last one too.
    const [row] = await env.store.query<{ sales: string }>("SELECT count(*) AS sales FROM commerce_payments WHERE merchant_id = 1 AND first_captured_at IS NOT NULL");
    const orders = Number(row!.sales);
    await page.waitForFunction(`document.querySelector('[data-testid="figure-orders"]')?.textContent.trim() === "${orders}"`, undefined, { timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-settlement").click()]);
    expect(download.suggestedFilename()).to.match(new RegExp(`^${demoStoreId}-settlement-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const records = parse(readFileSync((await download.path())!, "utf8"), { columns: true }) as Record<string, string>[];
    expect(records).to.have.length(orders);
    expect(new Set(records.map((row) => row.payment_id)).size).to.equal(orders);
    expect(records.every((row) => /^\d+\.\d{2,6}$/.test(row.gross!) && row.currency === "USD")).to.equal(true);
  });

  // 390 px: the whole page, checked for sideways scrolling; 1280 px: what the merchant sees on opening.
  it("5. is readable at 390 and 1280 px, in English and Simplified Chinese", async function () {
    const { page } = merchant;
    await page.evaluate("window.scrollTo(0, 0)");
    await env.screenshot(merchant, "backoffice-dashboard-390-en");
    await page.getByTestId("language").selectOption("zh-CN");
    await page.getByText("繁忙时段").waitFor();
    await page.getByText("按付款结算").waitFor();
    await env.screenshot(merchant, "backoffice-dashboard-390-zh");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('[data-testid="sales-chart"] canvas').first().waitFor();
    const width = (await page.evaluate("document.documentElement.scrollWidth")) as number;
    expect(width).to.be.at.most(1280);
    await page.screenshot({ path: join(screenshotsDir, "backoffice-dashboard-1280-zh.png") });
    await page.getByTestId("language").selectOption("en");
    await page.getByText("Busy hours").waitFor();
    await page.screenshot({ path: join(screenshotsDir, "backoffice-dashboard-1280-en.png") });
    // The sales panel alone, charts included (the README's picture).
    await page.getByTestId("analytics").screenshot({ path: join(screenshotsDir, "backoffice-analytics-1280-en.png") });
    const chartBox = await page.getByTestId("sales-chart").boundingBox();
    expect(chartBox!.width).to.be.greaterThan(500);
  });
});

