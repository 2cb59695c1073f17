// The counter end to end, in Chromium with virtual passkeys, against the real system (chain, contracts,
// relayer with PGlite, the built app). Each person is a browser context with an authenticator of its own:
//   1. the owner registers a store, puts two items on the keypad and sets 5% loyalty on-chain;
//   2. the owner invites a cashier by link; the cashier signs up and accepts; the owner approves on-chain;
//   3. the cashier rings up 12.00 at the POS; the payer pays from the QR's link; the screen turns to paid by
//      itself; the cashier captures (points minted);
//   4. the owner refunds 2.00; the cashier's refund is refused;
//   5. the payer spends the points on the next sale ("use N points" before signing);
//   6. a coupon link with one use gives its discount once and is refused, before signing, the second time;
//   7. the payer names a guardian; a new device asks for recovery, the guardian approves, the payer's wallet
//      shows the delay and cancels it.
// Screenshots of each screen at 390 px, in English and Simplified Chinese, go to screenshots/counter/ (the
// POS also at tablet size, for the README).
import { expect } from "chai";
import { type Address, erc20Abi, getAddress, parseUnits } from "viem";
import { iPaymentEscrowAbi, loyaltyPointsAbi, paykeyAccountAbi } from "@paykey/sdk/contracts";
import { type E2eEnvironment, type Person, startE2eEnvironment } from "./helpers/environment.ts";

describe("web app: the counter, points, coupons and recovery end to end (Chromium, virtual passkeys)", function () {
  this.timeout(900_000);

  let env: E2eEnvironment;
  let owner: Person;
  let cashier: Person;
  let payer: Person;
  let guardian: Person;
  let newPhone: Person;
  let ownerAccount: Address;
  let payerAccount: Address;
  let merchantId: bigint;
  let failed = false;
  let firstPaymentId: string;

  const usd = (value: string) => parseUnits(value, 6);
  const balanceOf = (holder: Address) => env.publicClient.readContract({ address: env.deployment.tokens.USD!.address, abi: erc20Abi, functionName: "balanceOf", args: [holder] });
  const pointsOf = async (holder: Address) => {
    const loyalty = await env.publicClient.readContract({ address: env.deployment.paymentEscrow, abi: iPaymentEscrowAbi, functionName: "loyaltyPoints" });
    return env.publicClient.readContract({ address: loyalty, abi: loyaltyPointsAbi, functionName: "balanceOf", args: [holder, merchantId] });
  };
  const text = (who: Person, testId: string) => who.page.getByTestId(testId).first().innerText();

  /** The screen in English, then in Simplified Chinese (switched in the page), then back. */
  async function shoot(who: Person, name: string) {
    await env.screenshot(who, `${name}-en`);
    await who.page.getByTestId("language").first().selectOption("zh-CN");
    await who.page.locator('html[lang="zh-CN"]').waitFor();
    await who.page.waitForTimeout(150);
    await env.screenshot(who, `${name}-zh`);
    await who.page.getByTestId("language").first().selectOption("en");
    await who.page.locator('html[lang="en"]').waitFor();
  }

  /** The cashier rings up `keys` on the keypad and returns the sale's payment link. */
  async function ringUp(keys: string[]): Promise<string> {
    const { page } = cashier;
    for (const key of keys) await page.getByTestId(`pos-key-${key}`).click();
    await page.getByTestId("pos-charge").click();
    await page.getByTestId("pos-qr").waitFor({ timeout: 30_000 });
    return (await page.getByTestId("pos-link").getAttribute("href"))!;
  }

  /** The payer opens a payment link (already signed in). */
  async function openCheckout(link: string) {
    await payer.page.goto(link);
    await payer.page.getByTestId("pay-panel").waitFor({ timeout: 30_000 });
  }

  async function payAndWait() {
    await payer.page.getByTestId("pay").and(payer.page.locator(":enabled")).click();
    await payer.page.getByTestId("checkout-paid").waitFor({ timeout: 90_000 });
  }

  before(async function () {
    env = await startE2eEnvironment({ screenshotsSubdir: "counter" });
    owner = await env.person("owner");
    cashier = await env.person("cashier");
    payer = await env.person("payer");
    guardian = await env.person("guardian");
    newPhone = await env.person("new-phone");
  });

  after(async function () {
    await env?.close();
  });

  beforeEach(function () {
    if (failed) this.skip();
  });
  afterEach(async function () {
    if (this.currentTest?.state !== "failed") return;
    failed = true;
    for (const who of [owner, cashier, payer, guardian, newPhone]) {
      await who?.page.screenshot({ path: `screenshots/counter/failed-${who.name}.png`, fullPage: true }).catch(() => undefined);
    }
  });

  it("1. the owner registers a store, puts two items on the keypad and sets 5% loyalty on-chain", async function () {
    const { page } = owner;
    await page.goto("/merchant");
    await page.getByTestId("sign-up").click();
    await page.getByTestId("register-store").waitFor();
    ownerAccount = getAddress((await page.getByTestId("account-address").getAttribute("title"))!);
    await page.getByTestId("store-name").fill("Corner Café");
    await page.getByTestId("store-currency").selectOption("USD");
    await page.getByTestId("register").click();
    await page.getByTestId("counter-tabs").waitFor({ timeout: 60_000 });
    merchantId = await env.publicClient.readContract({ address: env.deployment.paymentEscrow, abi: iPaymentEscrowAbi, functionName: "merchantCount" });

    for (const [name, price] of [["Flat white", "4.50"], ["Croissant", "3.00"]] as const) {
      await page.getByTestId("counter-item-name").fill(name);
      await page.getByTestId("counter-item-price").fill(price);
      await page.getByTestId("counter-add-item").click();
      await page.getByTestId("counter-item").filter({ hasText: name }).waitFor();
    }
    await shoot(owner, "01-owner-counter");

    await page.getByTestId("tab-loyalty").click();
    await page.getByTestId("loyalty-input").fill("5");
    await page.getByTestId("loyalty-save").click();
    await page.getByTestId("loyalty-rate").filter({ hasText: "5%" }).waitFor({ timeout: 60_000 });
    const record = await env.publicClient.readContract({ address: env.deployment.paymentEscrow, abi: iPaymentEscrowAbi, functionName: "merchant", args: [merchantId] });
    expect(record.loyaltyBps).to.equal(500);
    expect(record.owner).to.equal(ownerAccount);
    await shoot(owner, "02-owner-loyalty");
  });

  it("2. the owner invites a cashier by link; the cashier signs up and accepts; the owner approves on-chain", async function () {
    await owner.page.getByTestId("tab-cashiers").click();
    await owner.page.getByTestId("cashier-name").fill("Ana");
    await owner.page.getByTestId("invite-cashier").click();
    const inviteUrl = (await owner.page.getByTestId("invite-link").getAttribute("href"))!;
    expect(inviteUrl).to.match(new RegExp(`^${env.origin}/cashier/[A-Za-z0-9_-]{43}$`));

    await cashier.page.goto(inviteUrl);
    await cashier.page.getByTestId("invite").waitFor();
    expect(await text(cashier, "invite")).to.contain("Corner Café");
    await shoot(cashier, "03-cashier-invite");
    await cashier.page.getByTestId("sign-up").click();
    await cashier.page.getByTestId("accept-invite").click();
    await cashier.page.locator('[data-testid="invite-accepted"][data-active="false"]').waitFor();
    const cashierAccount = getAddress((await cashier.page.getByTestId("account-address").getAttribute("title"))!);

    const row = owner.page.locator(`[data-testid="cashier"]`).filter({ hasText: "Ana" });
    await row.and(owner.page.locator('[data-status="pending"]')).waitFor({ timeout: 30_000 });
    await row.getByTestId("approve-cashier").click();
    await owner.page.locator('[data-testid="cashier"][data-status="active"][data-onchain="true"]').waitFor({ timeout: 60_000 });
    expect(await env.publicClient.readContract({ address: env.deployment.paymentEscrow, abi: iPaymentEscrowAbi, functionName: "isMerchantOperator", args: [merchantId, cashierAccount] })).to.equal(true);
    await shoot(owner, "04-owner-cashiers");

    await cashier.page.getByTestId("invite-open-pos").click({ timeout: 30_000 });
    await cashier.page.getByTestId("pos-total").waitFor();
    expect(await text(cashier, "pos-store")).to.equal("Corner Café");
    await shoot(cashier, "05-pos-keypad");
  });

  it("3. the cashier rings up 12.00; the payer pays from the QR's link; the POS turns to paid by itself; the cashier captures", async function () {
    for (const key of ["1", "2", "0", "0"]) await cashier.page.getByTestId(`pos-key-${key}`).click();
    expect(await text(cashier, "pos-total")).to.equal("$12.00");
    await cashier.page.getByTestId("pos-note").fill("table 4");
    // The same screen on a tablet in landscape, for the README.
    await cashier.page.setViewportSize({ width: 1180, height: 820 });
    await cashier.page.screenshot({ path: "screenshots/counter/pos-tablet.png" });
    await cashier.page.setViewportSize({ width: 390, height: 844 });
    await cashier.page.getByTestId("pos-charge").click();
    await cashier.page.getByTestId("pos-qr").waitFor({ timeout: 30_000 });
    const link = (await cashier.page.getByTestId("pos-link").getAttribute("href"))!;
    await shoot(cashier, "06-pos-qr");

    await payer.page.goto(link);
    await payer.page.getByTestId("sign-up").click();
    await payer.page.getByTestId("pay-panel").waitFor();
    payerAccount = getAddress(await text(payer, "payer-address"));
    await payer.page.getByTestId("faucet").click();
    await payer.page.getByTestId("insufficient").waitFor({ state: "detached", timeout: 30_000 });
    await payAndWait();

    await cashier.page.getByTestId("pos-paid").waitFor({ timeout: 30_000 });
    expect(await text(cashier, "pos-paid-amount")).to.equal("$12.00");
    expect(await text(cashier, "pos-payer")).to.equal(`${payerAccount.slice(0, 6)}…${payerAccount.slice(-4)}`);
    await shoot(cashier, "07-pos-paid");
    await cashier.page.getByTestId("pos-capture").click();
    await cashier.page.getByTestId("pos-captured").waitFor({ timeout: 60_000 });
    expect(await pointsOf(payerAccount)).to.equal(600_000n);
    const [authorized] = await env.publicClient.getContractEvents({ address: env.deployment.paymentEscrow, abi: iPaymentEscrowAbi, eventName: "PaymentAuthorized", args: { payer: payerAccount }, fromBlock: 0n });
    firstPaymentId = authorized!.args.paymentId!;
  });

  it("4. the owner refunds 2.00; the cashier's refund is refused", async function () {
    await owner.page.reload();
    const row = owner.page.locator(`[data-testid="payment-row"][data-payment-id="${firstPaymentId}"]`);
    await row.waitFor({ timeout: 30_000 });
    const payerBefore = await balanceOf(payerAccount);
    await row.getByTestId("refund-amount").fill("2.00");
    await row.getByTestId("refund").click();
    await owner.page.locator(`[data-testid="payment-row"][data-payment-id="${firstPaymentId}"][data-status="refunded"]`).waitFor({ timeout: 60_000 });
    expect((await balanceOf(payerAccount)) - payerBefore).to.equal(usd("2"));
    // The refund burns the points its 2.00 had earned (5%).
    expect(await pointsOf(payerAccount)).to.equal(500_000n);

    await cashier.page.getByTestId("pos-new-sale").click();
    await cashier.page.getByTestId("pos-view").click();
    const cashierRow = cashier.page.locator(`[data-testid="payment-row"][data-payment-id="${firstPaymentId}"]`);
    await cashierRow.waitFor({ timeout: 30_000 });
    await cashierRow.getByTestId("refund-amount").fill("1.00");
    await cashierRow.getByTestId("refund").click();
    await cashierRow.getByRole("alert").filter({ hasText: "Only the store's owner can do this" }).waitFor({ timeout: 30_000 });
    expect(await balanceOf(payerAccount)).to.equal(payerBefore + usd("2"));
    await shoot(cashier, "08-pos-refund-refused");
    await cashier.page.getByTestId("pos-view").click();
  });

  it("5. the payer spends the points on the next sale: 'use N points' with the new total before signing", async function () {
    const link = await ringUp(["8", "0", "0"]);
    await openCheckout(link);
    await payer.page.getByTestId("points-offer").waitFor({ timeout: 30_000 });
    expect(await text(payer, "points-offer")).to.equal("Use 500,000 points (−$0.50)");
    await payer.page.getByTestId("use-points").check();
    await payer.page.getByTestId("discounted-total").filter({ hasText: "$7.50" }).waitFor();
    expect(await text(payer, "pay")).to.equal("Pay $7.50");
    await shoot(payer, "09-checkout-points");
    const before = await balanceOf(payerAccount);
    await payAndWait();
    expect(await text(payer, "paid-amount")).to.equal("$7.50");
    expect(before - (await balanceOf(payerAccount))).to.equal(usd("7.5"));
    expect(await pointsOf(payerAccount)).to.equal(0n);

    await cashier.page.getByTestId("pos-paid").waitFor({ timeout: 30_000 });
    expect(await text(cashier, "pos-paid-amount")).to.equal("$7.50");
    await cashier.page.getByTestId("pos-capture").click();
    await cashier.page.getByTestId("pos-captured").waitFor({ timeout: 60_000 });
    expect(await pointsOf(payerAccount)).to.equal(375_000n);

    await payer.page.getByTestId("receipt-link").click();
    await payer.page.getByTestId("receipt-points-used").waitFor({ timeout: 30_000 });
    expect(await text(payer, "receipt-points-used")).to.equal("500,000 (−$0.50)");
    await payer.page.getByTestId("receipt-points-earned").filter({ hasText: "375,000" }).waitFor({ timeout: 30_000 });
    await shoot(payer, "10-receipt-points");
    await cashier.page.getByTestId("pos-new-sale").click();
  });

  it("6. a coupon link with one use gives 10% once, then is refused before signing", async function () {
    await owner.page.getByTestId("tab-coupons").click();
    await owner.page.getByTestId("coupon-label").fill("Welcome");
    await owner.page.getByTestId("coupon-value").fill("10");
    await owner.page.getByTestId("coupon-max-uses").fill("1");
    await owner.page.getByTestId("coupon-create").click();
    const row = owner.page.getByTestId("coupon-row").first();
    await row.waitFor({ timeout: 60_000 });
    await row.getByRole("button").click();
    const couponUrl = (await row.getByTestId("coupon-link").getAttribute("href"))!;
    expect(couponUrl).to.match(new RegExp(`^${env.origin}/coupon/[2-9A-HJ-NP-Z]{10}$`));
    await shoot(owner, "11-owner-coupons");

    await payer.page.goto(couponUrl);
    await payer.page.getByTestId("coupon-saved").waitFor();
    expect(await text(payer, "coupon-discount")).to.equal("10% off");
    await shoot(payer, "12-coupon-link");

    await openCheckout(await ringUp(["1", "0", "0", "0"]));
    await payer.page.getByTestId("coupon-applied").waitFor({ timeout: 30_000 });
    expect(await text(payer, "coupon-applied")).to.contain("−$1.00");
    await payer.page.getByTestId("discounted-total").filter({ hasText: "$9.00" }).waitFor();
    await shoot(payer, "13-checkout-coupon");
    await payAndWait();
    expect(await text(payer, "paid-amount")).to.equal("$9.00");
    await cashier.page.getByTestId("pos-paid").waitFor({ timeout: 30_000 });
    await cashier.page.getByTestId("pos-new-sale").click();

    await openCheckout(await ringUp(["5", "0", "0"]));
    await payer.page.getByTestId("coupon-refused").waitFor({ timeout: 30_000 });
    expect(await text(payer, "coupon-refused")).to.equal("This coupon has been used up.");
    expect(await text(payer, "pay")).to.equal("Pay $5.00");
    await shoot(payer, "14-checkout-coupon-refused");
    // The owner's list reads the use from the chain.
    await owner.page.reload();
    await owner.page.getByTestId("tab-coupons").click();
    await owner.page.locator('[data-testid="coupon-row"][data-status="used_up"]').waitFor({ timeout: 30_000 });
    await cashier.page.getByTestId("pos-cancel").click();
  });

  it("7. the payer names a guardian; a new device asks for recovery; the guardian approves; the payer sees the delay and cancels", async function () {
    await guardian.page.goto("/wallet");
    await guardian.page.getByTestId("sign-up").click();
    const guardianAccount = getAddress(await text(guardian, "wallet-address"));

    await payer.page.goto("/wallet");
    await payer.page.getByTestId("points-row").waitFor({ timeout: 30_000 });
    expect(await text(payer, "points-balance")).to.contain("375,000 points");
    await payer.page.getByTestId("guardian-address").fill(guardianAccount);
    await payer.page.getByTestId("guardian-hours").fill("1");
    await payer.page.getByTestId("set-guardian").click();
    await payer.page.getByTestId("guardian-current").filter({ hasText: guardianAccount }).waitFor({ timeout: 60_000 });
    await shoot(payer, "15-wallet-points-guardian");

    await newPhone.page.goto("/recover");
    await newPhone.page.getByTestId("recover-account").fill(payerAccount);
    await newPhone.page.getByTestId("recover-start").click();
    await newPhone.page.locator('[data-testid="recovery-status"][data-phase="waiting"]').waitFor({ timeout: 30_000 });
    const guardianUrl = (await newPhone.page.getByTestId("guardian-link").getAttribute("href"))!;
    await shoot(newPhone, "16-recover-new-device");

    await guardian.page.goto(guardianUrl);
    await guardian.page.getByTestId("guardian-approve").click({ timeout: 30_000 });
    await guardian.page.getByTestId("guardian-proposed").waitFor({ timeout: 60_000 });
    await shoot(guardian, "17-guardian-approved");
    await newPhone.page.locator('[data-testid="recovery-status"][data-phase="proposed"]').waitFor({ timeout: 30_000 });

    await payer.page.reload();
    await payer.page.getByTestId("recovery-pending").waitFor({ timeout: 30_000 });
    expect(await text(payer, "recovery-pending")).to.contain("in about 1 h");
    const [, , executableAt] = await env.publicClient.readContract({ address: payerAccount, abi: paykeyAccountAbi, functionName: "pendingRecovery" });
    expect(executableAt).to.be.greaterThan(0);
    await shoot(payer, "18-wallet-recovery-pending");
    await payer.page.getByTestId("cancel-recovery").click();
    await payer.page.getByTestId("recovery-pending").waitFor({ state: "detached", timeout: 60_000 });
    const [, , after] = await env.publicClient.readContract({ address: payerAccount, abi: paykeyAccountAbi, functionName: "pendingRecovery" });
    expect(after).to.equal(0);
    await newPhone.page.locator('[data-testid="recovery-status"][data-phase="waiting"]').waitFor({ timeout: 30_000 });
  });
});
