// Cross-border settlement in the browser (Chromium, virtual passkeys, the real system): a euro merchant's
// invoice paid by a payer who holds only dollars.
//   1. a merchant registers a store settling in EUR and creates a 49.99 EUR request;
//   2. the payer (tUSDC only) opens it: the checkout picks tUSDC and discloses, before the passkey prompt,
//      "You pay at most X tUSDC · 1 EUR = r USD · spread s% · fee f%" — in English and Simplified Chinese —
//      and pays; the pool, the escrow and the payer move by exactly the disclosed amounts;
//   3. the receipt shows the conversion (paid, rate, spread, received) verified against the chain, in both
//      languages;
//   4. the merchant captures and refunds in full; the wallet offers the conversion back in one tap, with the
//      same disclosure, and the receipt then shows both conversions.
// Screenshots at 390 px go to screenshots/ (fx-*.png).
import { expect } from "chai";
import { type Address, type Hex, erc20Abi, getAddress, parseEventLogs, parseUnits } from "viem";
import { iFxRouterAbi } from "@paykey/sdk/contracts";
import { mintTestTokens } from "../../scripts/deploy.ts";
import { type E2eEnvironment, type Person, startE2eEnvironment } from "./helpers/environment.ts";
import { stepsAsOneStory } from "./helpers/story.ts";

describe("web app: cross-currency checkout end to end (Chromium, virtual passkeys)", function () {
  this.timeout(600_000);

  let env: E2eEnvironment;
  let merchant: Person;
  let payer: Person;
  let payerAccount: Address;
  let requestUrl: string;
  let paymentId: Hex;
  const price = parseUnits("49.99", 6);

  const usd = () => env.deployment.tokens.USD!.address;
  const eur = () => env.deployment.tokens.EUR!.address;
  const router = () => env.deployment.fx!.router;
  const balanceOf = (token: Address, owner: Address) => env.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });
  const text = (who: Person, testId: string) => who.page.getByTestId(testId).first().innerText();
  const conversionLogs = async () =>
    (await env.publicClient.getContractEvents({ address: router(), abi: iFxRouterAbi, eventName: "Converted", fromBlock: 0n, strict: true })).filter(
      (log) => log.args.ref === paymentId,
    );

  before(async function () {
    env = await startE2eEnvironment();
    merchant = await env.person("fx-merchant");
    payer = await env.person("fx-payer");
  });

  after(async function () {
    await env?.close();
  });

  stepsAsOneStory(() => [merchant, payer]);

  it("1. a merchant registers a store settling in EUR and creates a 49.99 EUR request", async function () {
    const { page } = merchant;
    await page.goto("/merchant");
    await page.getByTestId("sign-up").click();
    await page.getByTestId("register-store").waitFor();
    await page.getByTestId("store-name").fill("Brasserie Amsterdam");
    await page.getByTestId("store-currency").selectOption("EUR");
    await page.getByTestId("register").click();
    await page.getByTestId("store-title").waitFor({ timeout: 60_000 });
    await page.getByTestId("order-ref").fill("EU-0001");
    await page.getByTestId("item-name").fill("Stroopwafel tin");
    await page.getByTestId("item-quantity").fill("1");
    await page.getByTestId("item-price").fill("49.99");
    expect(await text(merchant, "request-total")).to.contain("€49.99");
    await page.getByTestId("create-request-submit").click();
    await page.getByTestId("qr-image").waitFor();
    requestUrl = (await page.getByTestId("request-link").getAttribute("href")) as string;
  });

  it("2. a payer holding only tUSDC sees the conversion disclosed before the passkey prompt, in English and Chinese, and pays", async function () {
    const { page } = payer;
    await page.goto(requestUrl);
    await page.getByTestId("request-summary").waitFor();
    expect(await text(payer, "request-amount")).to.equal("€49.99");
    await page.getByTestId("sign-up").click();
    await page.getByTestId("pay-panel").waitFor();
    payerAccount = getAddress(await text(payer, "payer-address"));
    await mintTestTokens({ publicClient: env.publicClient, walletClient: env.deployer }, usd(), payerAccount, parseUnits("100", 6));

    // The checkout picks the dollars the payer holds, and quotes the invoice in them.
    await page.locator('[data-testid="pay-with-tUSDC"] input:checked').waitFor({ timeout: 30_000 });
    const disclosure = page.getByTestId("fx-disclosure");
    await disclosure.waitFor({ timeout: 30_000 });
    const maxAmountIn = BigInt((await disclosure.getAttribute("data-max-amount-in")) as string);
    // 49.99 EUR × 1.0850 × 1.0025 = 54.374747875 → 54.374748, plus the 0.5% buffer, rounded up.
    expect(maxAmountIn).to.equal(54_646_622n);
    expect(await disclosure.innerText()).to.equal("You pay at most 54.646622 tUSDC · 1 EUR = 1.0850 USD · spread 0.25% · fee 1%");
    await page.getByTestId("pay").and(page.locator(":enabled")).waitFor();
    await env.screenshot(payer, "fx-1-checkout-disclosure-en");

    await page.getByTestId("language").selectOption("zh-CN");
    await page.getByText("你最多支付").waitFor();
    expect(await disclosure.innerText()).to.equal("你最多支付 54.646622 tUSDC · 1 EUR = 1.0850 USD · 点差 0.25% · 手续费 1%");
    expect(await text(payer, "request-amount")).to.equal("€49.99");
    await env.screenshot(payer, "fx-2-checkout-disclosure-zh");
    await page.getByTestId("language").selectOption("en");
    await page.getByText("You pay at most").waitFor();

    const before = {
      payer: await balanceOf(usd(), payerAccount),
      poolUsd: await balanceOf(usd(), router()),
      poolEur: await balanceOf(eur(), router()),
      escrow: await balanceOf(eur(), env.deployment.paymentEscrow),
    };
    await page.getByTestId("pay").click();
    await page.getByTestId("checkout-paid").waitFor({ timeout: 60_000 });
    await env.screenshot(payer, "fx-3-checkout-paid");
    paymentId = ((await page.getByTestId("receipt-link").getAttribute("href")) as string).split("/").at(-1) as Hex;

    const [converted] = await conversionLogs();
    expect(converted!.args).to.deep.include({ payer: payerAccount, tokenIn: usd(), tokenOut: eur(), amountOut: price, amountIn: 54_374_748n });
    expect(before.payer - (await balanceOf(usd(), payerAccount))).to.equal(54_374_748n);
    expect(await balanceOf(eur(), payerAccount)).to.equal(0n);
    expect((await balanceOf(usd(), router())) - before.poolUsd).to.equal(54_374_748n);
    expect(before.poolEur - (await balanceOf(eur(), router()))).to.equal(price);
    expect((await balanceOf(eur(), env.deployment.paymentEscrow)) - before.escrow).to.equal(price);
    expect(await env.publicClient.getBalance({ address: payerAccount })).to.equal(0n);
  });

  it("3. the receipt shows the conversion, verified on-chain, in English and Chinese", async function () {
    const { page } = payer;
    await page.getByTestId("receipt-link").click();
    const conversion = page.getByTestId("conversion");
    await conversion.waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="conversion-verification"][data-state="verified"]').waitFor({ timeout: 30_000 });
    expect(await text(payer, "conversion-paid")).to.equal("54.374748 tUSDC");
    expect(await text(payer, "conversion-rate")).to.equal("1 EUR = 1.0850 USD");
    expect(await text(payer, "conversion-spread")).to.equal("0.25%");
    expect(await text(payer, "conversion-received")).to.equal("49.99 tEURC");
    const [converted] = await conversionLogs();
    expect(await text(payer, "conversion-tx")).to.equal(converted!.transactionHash);
    expect(await text(payer, "conversion-round")).to.equal("1");
    expect(await text(payer, "conversion-verification")).to.contain("Verified on-chain");
    await env.screenshot(payer, "fx-4-receipt-conversion-en");

    await page.getByTestId("language").selectOption("zh-CN");
    await page.getByText("货币兑换").waitFor();
    expect(await text(payer, "conversion-verification")).to.contain("已在链上验证");
    await env.screenshot(payer, "fx-5-receipt-conversion-zh");
    await page.getByTestId("language").selectOption("en");
  });

  it("4. after a full refund the wallet converts the euros back in one tap; the receipt shows both conversions", async function () {
    const { page } = merchant;
    await page.reload();
    const row = page.locator(`[data-testid="payment-row"][data-payment-id="${paymentId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId("capture").click();
    await page.locator(`[data-testid="payment-row"][data-payment-id="${paymentId}"][data-status="captured"]`).waitFor({ timeout: 60_000 });
    // The merchant refunds in full from its own euros: the capture net of its 1% fee, topped up here.
    const merchantAccount = getAddress((await page.getByTestId("account-address").getAttribute("title")) as string);
    await mintTestTokens({ publicClient: env.publicClient, walletClient: env.deployer }, eur(), merchantAccount, parseUnits("1", 6));
    await row.getByTestId("refund-amount").fill("49.99");
    await row.getByTestId("refund").click();
    await page.locator(`[data-testid="payment-row"][data-payment-id="${paymentId}"][data-status="refunded"]`).waitFor({ timeout: 60_000 });
    expect(await balanceOf(eur(), payerAccount)).to.equal(price);

    const usdBefore = await balanceOf(usd(), payerAccount);
    await payer.page.goto("/wallet");
    const offer = payer.page.locator(`[data-testid="convert-back"][data-payment-id="${paymentId}"]`);
    await offer.waitFor({ timeout: 30_000 });
    const disclosure = await offer.getByTestId("fx-disclosure").innerText();
    expect(disclosure).to.match(/^You pay at most 49\.\d+ tEURC · 1 EUR = 1\.0850 USD · spread 0\.25%$/);
    expect(BigInt((await offer.getByTestId("fx-disclosure").getAttribute("data-max-amount-in")) as string) <= price).to.equal(true);
    await env.screenshot(payer, "fx-6-wallet-convert-back");
    await offer.getByTestId("convert-back-button").click();
    await offer.waitFor({ state: "detached", timeout: 60_000 });

    const back = (await conversionLogs()).find((log) => log.args.tokenIn === eur())!;
    expect(back.args).to.deep.include({ payer: payerAccount, tokenOut: usd() });
    expect(back.args.amountIn <= price).to.equal(true);
    expect((await balanceOf(usd(), payerAccount)) - usdBefore).to.equal(back.args.amountOut);
    expect(await balanceOf(eur(), payerAccount)).to.equal(price - back.args.amountIn);
    // 49.99 EUR back at 1.0850 less the spread and the buffer: about 53.83 USD of the 54.37 paid.
    expect(back.args.amountOut > parseUnits("53.8", 6) && back.args.amountOut < 54_374_748n).to.equal(true);

    await payer.page.goto(`/receipt/${paymentId}`);
    await payer.page.locator('[data-testid="conversion"][data-direction="back"]').waitFor({ timeout: 30_000 });
    expect(await payer.page.getByTestId("conversion").count()).to.equal(2);
    await payer.page.locator('[data-testid="conversion-verification"][data-state="verified"]').nth(1).waitFor({ timeout: 30_000 });
    const receipt = await env.publicClient.getTransactionReceipt({ hash: back.transactionHash });
    expect(parseEventLogs({ abi: iFxRouterAbi, logs: receipt.logs, eventName: "Converted" })).to.have.length(1);
    await env.screenshot(payer, "fx-7-receipt-converted-back");
  });
});
