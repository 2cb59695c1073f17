// The web app end to end, in Chromium with virtual passkeys, against the real system (chain, contracts,
// relayer with PGlite, the built app served from the relayer). One run; each person is a browser context with
// a virtual passkey authenticator of their own:
//   1. a merchant signs up, registers a store, creates a 12.34 USD request with two line items;
//   2. a payer opens the link, (sees it in Chinese,) signs up, gets demo stablecoins, pays → "paid";
//   3. the merchant sees the payment and captures it; the payer's receipt shows "captured";
//   4. the merchant refunds 2.00; the receipt shows the refund with its transaction hash;
//   5. the receipt is verified on-chain, and fails visibly once the stored line items are tampered with;
//   6. the payer adds a second passkey (a security key), approves it on-chain, and signs in with it elsewhere;
//   7. a second request: its QR code is scanned from the camera; a browser wallet (EIP-1193, own gas) pays it
//      with two transactions; the merchant voids it.
// The payer holds 0 ETH throughout; balances are checked on-chain after capture, refund and void. Screenshots
// at 390 px (each checked for sideways scrolling) go to screenshots/; the pay-to-paid time and the checkout
// bundle size go to bench/web.json.
import { expect } from "chai";
import { type Address, type Hex, erc20Abi, getAddress, parseEventLogs, parseUnits } from "viem";
import { measureCheckout, writeWebBench } from "../../scripts/bench/web.ts";
import { mintTestTokens } from "../../scripts/deploy.ts";
import { devAccount, devAccountRoles } from "../../scripts/lib/devAccounts.ts";
import { entryPointAbi, iPaymentEscrowAbi, paykeyAccountAbi } from "@paykey/sdk/contracts";
import { type E2eEnvironment, type Person, startE2eEnvironment } from "./helpers/environment.ts";
import { installInjectedWallet } from "./helpers/injectedWallet.ts";
import { stepsAsOneStory } from "./helpers/story.ts";

describe("web app: checkout end to end (Chromium, virtual passkeys)", function () {
  this.timeout(600_000);

  let env: E2eEnvironment;
  let merchant: Person;
  let payer: Person;
  let merchantAccount: Address;
  let payerAccount: Address;
  let requestUrl: string;
  let requestId: string;
  let paymentId: Hex;
  let payToPaidMs: number;
  const started = Date.now();

  const usd = () => env.deployment.tokens.USD!.address;
  const balanceOf = (owner: Address) => env.publicClient.readContract({ address: usd(), abi: erc20Abi, functionName: "balanceOf", args: [owner] });
  const ethOf = (owner: Address) => env.publicClient.getBalance({ address: owner });
  const text = (who: Person, testId: string) => who.page.getByTestId(testId).first().innerText();

  before(async function () {
    env = await startE2eEnvironment();
    merchant = await env.person("merchant");
    payer = await env.person("payer");
  });

  after(async function () {
    await env?.close();
    // The whole run (start-up included), recorded only when every step passed.
    if (!story.failed() && this.test?.parent?.tests.every((test) => test.state === "passed")) await writeWebBench({ e2eDurationMs: Date.now() - started });
  });

  const story = stepsAsOneStory(() => [merchant, payer]);

  it("1. the merchant signs up with a passkey, registers a store and creates a 12.34 USD request with two line items", async function () {
    const { page } = merchant;
    await page.goto("/merchant");
    await page.getByTestId("sign-up").click();
    await page.getByTestId("register-store").waitFor();
    merchantAccount = getAddress(await page.getByTestId("account-address").getAttribute("title") as string);

    await page.getByTestId("store-name").fill("Corner Café");
    await page.getByTestId("store-currency").selectOption("USD");
    await page.getByTestId("register").click();
    await page.getByTestId("store-title").waitFor({ timeout: 60_000 });
    expect(await text(merchant, "store-title")).to.equal("Corner Café");

    // The store is on-chain: the newest merchant, with this passkey account as owner and payout.
    const merchantId = await env.publicClient.readContract({ address: env.deployment.paymentEscrow, abi: iPaymentEscrowAbi, functionName: "merchantCount" });
    expect(await text(merchant, "store-merchant-id")).to.equal(`Merchant #${merchantId}`);
    const record = await env.publicClient.readContract({ address: env.deployment.paymentEscrow, abi: iPaymentEscrowAbi, functionName: "merchant", args: [merchantId] });
    expect(record.owner).to.equal(merchantAccount);
    expect(record.payout).to.equal(merchantAccount);

    await page.getByTestId("order-ref").fill("E2E-0001");
    const rows = page.getByTestId("item-row");
    await rows.nth(0).getByTestId("item-name").fill("Flat white");
    await rows.nth(0).getByTestId("item-quantity").fill("2");
    await rows.nth(0).getByTestId("item-price").fill("4.50");
    await page.getByTestId("add-item").click();
    await rows.nth(1).getByTestId("item-name").fill("Almond croissant");
    await rows.nth(1).getByTestId("item-quantity").fill("1");
    await rows.nth(1).getByTestId("item-price").fill("3.34");
    expect(await text(merchant, "request-total")).to.contain("$12.34");
    await env.screenshot(merchant, "1-merchant-new-request");
    await page.getByTestId("create-request-submit").click();
    await page.getByTestId("qr-image").waitFor();
    requestUrl = (await page.getByTestId("request-link").getAttribute("href")) as string;
    expect(requestUrl).to.match(new RegExp(`^${env.origin}/pay/[A-Za-z0-9_-]{16,}$`));
    requestId = requestUrl.split("/").at(-1)!;
    await env.screenshot(merchant, "1-merchant-request-qr");
    expect(await ethOf(merchantAccount)).to.equal(0n);
  });

  it("2. the payer opens the link (it renders in Simplified Chinese when switched), signs up, gets demo stablecoins and pays", async function () {
    const { page } = payer;
    await page.goto(requestUrl);
    await page.getByTestId("request-summary").waitFor();
    expect(await text(payer, "merchant-name")).to.equal("Corner Café");
    expect(await text(payer, "request-amount")).to.equal("$12.34");
    expect(await text(payer, "request-currency")).to.equal("USD");
    expect(await text(payer, "request-fee")).to.equal("1% ($0.1234), paid by the merchant");
    expect(await page.getByTestId("line-items").locator("tbody tr").count()).to.equal(2);
    await env.screenshot(payer, "2-checkout-en");

    await page.getByTestId("language").selectOption("zh-CN");
    await page.getByText("付款给").waitFor();
    expect(await page.locator("html").getAttribute("lang")).to.equal("zh-CN");
    expect(await text(payer, "request-amount")).to.equal("US$12.34");
    expect(await text(payer, "sign-up")).to.equal("创建通行密钥钱包");
    expect(await text(payer, "request-fee")).to.contain("由商户承担");
    await env.screenshot(payer, "2-checkout-zh");
    await page.getByTestId("language").selectOption("en");
    await page.getByText("Pay to").waitFor();

    // Sign-up shows the account at once: counterfactual, no code yet, and no ETH ever.
    await page.getByTestId("sign-up").click();
    await page.getByTestId("pay-panel").waitFor();
    payerAccount = getAddress(await text(payer, "payer-address"));
    expect(await env.publicClient.getCode({ address: payerAccount })).to.equal(undefined);
    expect(await ethOf(payerAccount)).to.equal(0n);

    await page.getByTestId("insufficient").waitFor();
    await page.getByTestId("faucet").click();
    await page.getByTestId("insufficient").waitFor({ state: "detached", timeout: 30_000 });
    expect(await balanceOf(payerAccount)).to.equal(parseUnits("100", 6));
    expect(await text(payer, "payer-balance")).to.equal("Balance: $100.00");
    await page.getByTestId("pay").and(page.locator(":enabled")).waitFor();
    await env.screenshot(payer, "2-checkout-ready");

    const escrowBefore = await balanceOf(env.deployment.paymentEscrow);
    // Record every stage the progress display goes through.
    // (A string, not a function: the test's TypeScript loader would add helpers the page does not have.)
    await page.evaluate(`(() => {
      const seen = (window.stagesSeen = []);
      new MutationObserver(() => {
        const stage = document.querySelector('[data-testid="operation-progress"]')?.getAttribute("data-stage");
        if (stage && seen.at(-1) !== stage) seen.push(stage);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-stage"] });
    })()`);
    const clicked = Date.now();
    await page.getByTestId("pay").click();
    await page.getByTestId("checkout-paid").waitFor({ timeout: 60_000 });
    payToPaidMs = Date.now() - clicked;
    await env.screenshot(payer, "2-checkout-paid");
    // sponsored → signed → submitted → (bundled: may pass between two polls) → included, in that order.
    const stages = (await page.evaluate("window.stagesSeen")) as string[];
    expect(stages.filter((stage) => stage !== "bundled")).to.deep.equal(["sponsoring", "signing", "submitted", "included"]);

    expect(await balanceOf(payerAccount)).to.equal(parseUnits("87.66", 6));
    expect((await balanceOf(env.deployment.paymentEscrow)) - escrowBefore).to.equal(parseUnits("12.34", 6));
    expect(await env.publicClient.getCode({ address: payerAccount })).to.not.equal(undefined);
    expect(await ethOf(payerAccount)).to.equal(0n);
    const receiptHref = (await page.getByTestId("receipt-link").getAttribute("href")) as string;
    paymentId = receiptHref.split("/").at(-1) as Hex;
    expect(paymentId).to.match(/^0x[0-9a-f]{64}$/);
  });

  it("3. the merchant sees the payment live and captures it; the payer's receipt shows captured", async function () {
    // A reload resumes the passkey session (relayer cookie + the passkey this device remembers).
    await merchant.page.reload();
    await merchant.page.getByTestId("store-title").waitFor();
    const row = merchant.page.locator(`[data-testid="payment-row"][data-payment-id="${paymentId}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute("data-status")).to.equal("authorized");
    await env.screenshot(merchant, "3-merchant-payment");
    const feeReceiverBefore = await balanceOf(env.deployment.feeReceiver);

    await row.getByTestId("capture").click();
    await merchant.page.locator(`[data-testid="payment-row"][data-payment-id="${paymentId}"][data-status="captured"]`).waitFor({ timeout: 60_000 });

    // On-chain: 12.34 left the escrow; the merchant got it net of the 1% fee, the fee receiver the fee.
    const fee = (parseUnits("12.34", 6) * 100n) / 10_000n;
    expect(await balanceOf(merchantAccount)).to.equal(parseUnits("12.34", 6) - fee);
    expect((await balanceOf(env.deployment.feeReceiver)) - feeReceiverBefore).to.equal(fee);
    expect(await balanceOf(env.deployment.paymentEscrow)).to.equal(0n);

    // The request's link now says it is paid, with the receipt; a made-up link says it is not valid.
    await payer.page.goto(requestUrl);
    await payer.page.getByTestId("already-paid").waitFor();
    await payer.page.goto("/pay/not-a-request-0000");
    await payer.page.getByTestId("request-error").waitFor();
    expect(await text(payer, "request-error")).to.contain("This payment link is not valid");

    await payer.page.goto(`/receipt/${paymentId}`);
    await payer.page.locator('[data-testid="receipt-status"][data-status="captured"]').waitFor({ timeout: 30_000 });
    const kinds = await payer.page.getByTestId("history-step").evaluateAll((steps) => steps.map((step) => step.getAttribute("data-kind")));
    expect(kinds).to.deep.equal(["authorized", "captured"]);
    await env.screenshot(payer, "3-receipt-captured");
  });

  it("4. the merchant refunds 2.00; the receipt shows the refund with its transaction hash", async function () {
    const row = merchant.page.locator(`[data-testid="payment-row"][data-payment-id="${paymentId}"]`);
    const payerBefore = await balanceOf(payerAccount);
    const merchantBefore = await balanceOf(merchantAccount);
    await row.getByTestId("refund-amount").fill("2.00");
    await row.getByTestId("refund").click();
    await merchant.page.locator(`[data-testid="payment-row"][data-payment-id="${paymentId}"][data-status="refunded"]`).waitFor({ timeout: 60_000 });
    expect(await row.getByTestId("payment-refunded").innerText()).to.equal("$2.00");
    await env.screenshot(merchant, "4-merchant-refunded");

    expect((await balanceOf(payerAccount)) - payerBefore).to.equal(parseUnits("2", 6));
    expect(merchantBefore - (await balanceOf(merchantAccount))).to.equal(parseUnits("2", 6));
    expect(await ethOf(payerAccount)).to.equal(0n);
    expect(await ethOf(merchantAccount)).to.equal(0n);

    // The refund as the chain records it, read by the test itself.
    const logs = await env.publicClient.getContractEvents({
      address: env.deployment.paymentEscrow,
      abi: iPaymentEscrowAbi,
      eventName: "PaymentRefunded",
      args: { paymentId },
      fromBlock: 0n,
    });
    expect(logs.map((log) => log.args.amount)).to.deep.equal([parseUnits("2", 6)]);
    const refund = logs[0]!;

    await payer.page.reload();
    const step = payer.page.locator('[data-testid="history-step"][data-kind="refunded"]');
    await step.waitFor({ timeout: 30_000 });
    expect(await step.getByTestId("step-tx").innerText()).to.equal(refund.transactionHash);
    expect(await step.getByTestId("step-block").innerText()).to.equal(refund.blockNumber.toString());
    expect(await step.getByTestId("step-log-index").innerText()).to.equal(String(refund.logIndex));
    expect(await step.getByTestId("step-amount").innerText()).to.equal("$2.00");
    // The user operation that made the refund: the EntryPoint's UserOperationEvent in the same transaction.
    const receipt = await env.publicClient.getTransactionReceipt({ hash: refund.transactionHash });
    const [operation] = parseEventLogs({ abi: entryPointAbi, logs: receipt.logs, eventName: "UserOperationEvent" });
    expect(operation!.args.sender).to.equal(merchantAccount);
    expect(await step.getByTestId("step-userop").innerText()).to.equal(operation!.args.userOpHash);
    expect(await payer.page.getByTestId("receipt-refunded").innerText()).to.equal("$2.00");
    await env.screenshot(payer, "4-receipt-refunded");
  });

  it("5. the receipt is verified on-chain, and fails visibly after the stored line items are tampered with", async function () {
    const verification = payer.page.getByTestId("verification");
    await payer.page.locator('[data-testid="verification"][data-state="verified"]').waitFor({ timeout: 30_000 });
    expect(await verification.innerText()).to.contain("Verified on-chain");

    // Someone with database access changes what the croissant cost: the chain still holds the original hash.
    const changed = await env.store.query<{ id: string }>(
      `UPDATE commerce_requests SET line_items = jsonb_set(line_items, '{1,unitPrice}', '"1340000"') WHERE id = $1 RETURNING id`,
      [requestId],
    );
    expect(changed).to.have.length(1);
    await payer.page.reload();
    await payer.page.locator('[data-testid="verification"][data-state="mismatch"]').waitFor({ timeout: 30_000 });
    const failure = await verification.innerText();
    expect(failure).to.contain("Does not match the on-chain record");
    expect(failure).to.contain("The line items differ");
    expect(await verification.getAttribute("role")).to.equal("alert");
    await env.screenshot(payer, "5-receipt-tampered");
  });

  it("records the pay-to-paid time and the checkout route's JS size in bench/web.json", async function () {
    const { english, chinese } = await measureCheckout();
    expect(english.gzipBytes).to.be.at.most(200_000);
    expect(chinese.gzipBytes).to.be.at.most(200_000);
    expect(payToPaidMs).to.be.a("number");
    await writeWebBench({
      checkoutJsGzipBytes: english.gzipBytes,
      checkoutJsGzipBytesZh: chinese.gzipBytes,
      payToPaidMs,
    });
  });
  it("6. the payer adds a second passkey (a security key): registered at the relayer, approved on-chain, and it signs in", async function () {
    const { page, cdp } = payer;
    await page.goto("/wallet");
    await page.getByTestId("wallet-address").waitFor();
    expect(getAddress(await text(payer, "wallet-address"))).to.equal(payerAccount);
    await page.locator('[data-testid="device"][data-onchain="true"]').waitFor();
    // The history lists the payment (from /api/me/payments), linking to its receipt.
    await page.locator(`[data-testid="history"] a[href="/receipt/${paymentId}"]`).waitFor();

    // A roaming security key plugged in next to the platform authenticator. The platform one holds the first
    // passkey, which the relayer excludes, so only the key answers the creation.
    const { authenticatorId: securityKey } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "usb", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.getByTestId("add-device").click();
    await page.getByTestId("device-registered").waitFor({ timeout: 30_000 });
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId: securityKey });
    expect(credentials).to.have.length(1);
    const [added] = credentials;
    await page.locator('[data-testid="device"][data-onchain="false"]').waitFor();
    expect(await page.getByTestId("device").count()).to.equal(2);
    await page.locator('[data-testid="device"][data-onchain="true"]').waitFor();
    expect(await page.locator('[data-testid="device"][data-onchain="true"]').count()).to.equal(1);

    // The key is unplugged; this device's passkey approves adding the new one to the account on-chain.
    await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: securityKey });
    await page.getByTestId("approve-device").click();
    await page.getByTestId("device-added").waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="device"][data-onchain="false"]').waitFor({ state: "detached", timeout: 30_000 });
    expect(await env.publicClient.readContract({ address: payerAccount, abi: paykeyAccountAbi, functionName: "passkeyCount" })).to.equal(2n);
    expect(await ethOf(payerAccount)).to.equal(0n);
    await env.screenshot(payer, "6-wallet-devices");

    // The security key on another browser signs in to the same account.
    const laptop = await env.person("payer-laptop");
    await laptop.cdp.send("WebAuthn.addCredential", { authenticatorId: laptop.authenticatorId, credential: added! });
    await laptop.page.goto("/wallet");
    await laptop.page.getByTestId("sign-in").click();
    await laptop.page.getByTestId("wallet-address").waitFor({ timeout: 30_000 });
    expect(getAddress(await text(laptop, "wallet-address"))).to.equal(payerAccount);
  });

  it("7. a second request: the payer scans its QR code with the camera; a browser wallet pays it through the same checkout, paying its own gas (approve, then authorize); the merchant voids it", async function () {
    // The merchant creates another request.
    const { page } = merchant;
    await page.goto("/merchant");
    await page.getByTestId("order-ref").fill("E2E-0002");
    await page.getByTestId("item-name").fill("Espresso");
    await page.getByTestId("item-quantity").fill("2");
    await page.getByTestId("item-price").fill("2.50");
    await page.getByTestId("create-request-submit").click();
    const link = (await page.getByTestId("request-link").getAttribute("href")) as string;

    // First the passkey payer scans the new request's QR code with the camera and lands on its checkout.
    await env.showToCamera(link);
    await payer.page.goto("/wallet");
    await payer.page.getByTestId("scan").click();
    await payer.page.waitForURL(link, { timeout: 30_000 });
    await payer.page.getByTestId("request-summary").waitFor();
    expect(await text(payer, "request-amount")).to.equal("$5.00");

    const eoa = devAccount(devAccountRoles.demoPayers[0]);
    await mintTestTokens({ publicClient: env.publicClient, walletClient: env.deployer }, usd(), eoa.address, parseUnits("20", 6));
    const walletPayer = await env.person("wallet-payer");
    await installInjectedWallet(walletPayer, { account: eoa.address, chain: env.chain.provider });
    const ethBefore = await ethOf(eoa.address);
    const nonceBefore = await env.publicClient.getTransactionCount({ address: eoa.address });

    await walletPayer.page.goto(link);
    await walletPayer.page.getByTestId("use-injected").click();
    await walletPayer.page.getByTestId("pay-panel").waitFor();
    expect(getAddress(await text(walletPayer, "payer-address"))).to.equal(eoa.address);
    await walletPayer.page.getByTestId("pay").and(walletPayer.page.locator(":enabled")).waitFor();
    await walletPayer.page.getByTestId("pay").click();
    await walletPayer.page.getByTestId("checkout-paid").waitFor({ timeout: 60_000 });
    await env.screenshot(walletPayer, "7-browser-wallet-paid");

    expect(await balanceOf(eoa.address)).to.equal(parseUnits("15", 6));
    expect(await env.publicClient.getTransactionCount({ address: eoa.address })).to.equal(nonceBefore + 2);
    expect((await ethOf(eoa.address)) < ethBefore).to.equal(true);
    const paid = merchant.page.locator('[data-testid="payment-row"][data-status="authorized"]');
    await paid.waitFor({ timeout: 30_000 });
    expect(await paid.getByText("E2E-0002").count()).to.equal(1);

    // The merchant voids it: the whole authorization goes back to the browser wallet.
    await paid.getByTestId("void").click();
    await merchant.page.locator('[data-testid="payment-row"][data-status="voided"]').waitFor({ timeout: 60_000 });
    expect(await balanceOf(eoa.address)).to.equal(parseUnits("20", 6));
    expect(await ethOf(merchantAccount)).to.equal(0n);
  });
});
