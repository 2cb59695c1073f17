// The auditor in Chromium with a virtual passkey, against the real system (chain, contracts, relayer with
// PGlite, the built app): a merchant's store has real passkey payments (captured, refunded, voided); the
// auditor creates a passkey account on the audit page, the merchant grants it the store, the auditor signs
// in, runs a reconciliation after one ledger row was tampered with and sees exactly that row listed (and
// downloads the CSV), then verifies a receipt by its user-operation hash. Screenshots in English and
// Chinese at 390 px go to screenshots/.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { commerceSteps } from "../server/helpers/commerceFixture.ts";
import { withRelayer } from "../server/helpers/fixture.ts";
import { type AuditScenario, createAuditScenario } from "../server/audit/scenario.ts";
import { type E2eEnvironment, type Person, startE2eEnvironment } from "./helpers/environment.ts";

describe("web app: the auditor end to end (Chromium, virtual passkey)", function () {
  this.timeout(600_000);

  let env: E2eEnvironment;
  let fx: ReturnType<typeof commerceSteps>;
  let scenario: AuditScenario;
  let auditor: Person;
  let failed = false;

  before(async function () {
    env = await startE2eEnvironment();
    fx = commerceSteps(withRelayer(env.chain, env.deployed, env.relayer, env.origin));
    scenario = await createAuditScenario(fx);
    auditor = await env.person("auditor");
  });

  after(async function () {
    await env?.close();
  });

  // The steps are one story: once one fails, the rest cannot say anything and are skipped.
  beforeEach(function () {
    if (failed) this.skip();
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed") {
      failed = true;
      await auditor?.page.screenshot({ path: "screenshots/failed-auditor.png", fullPage: true }).catch(() => undefined);
    }
  });

  const language = async (code: "en" | "zh-CN") => {
    await auditor.page.getByTestId("language").selectOption(code);
    await auditor.page.waitForFunction((lang) => document.documentElement.lang === lang, code);
  };

  it("creates the auditor's passkey account, which the merchant grants the store; the auditor signs in", async function () {
    const { page } = auditor;
    await page.goto("/audit");
    await page.getByTestId("audit-sign-up").click();
    const account = (await page.getByTestId("audit-new-account").innerText()).trim();
    expect(account).to.match(/^0x[0-9a-fA-F]{40}$/);

    const granted = await fx.call("POST", `/api/stores/${scenario.store.id}/auditors`, scenario.merchant.token, { account });
    expect(granted.status, JSON.stringify(granted.body)).to.equal(201);

    await page.getByTestId("audit-sign-in-button").click();
    await page.getByTestId("audit-signed-in").waitFor();
    expect(await page.getByTestId("audit-signed-in").innerText()).to.contain(account);
    expect(await page.getByTestId("audit-store").locator("option").allInnerTexts()).to.deep.equal([`Audit Café (#${scenario.merchantId})`]);
  });

  it("runs a reconciliation with one tampered ledger row and sees it listed, with the report to download", async function () {
    const { page } = auditor;
    // The relayer's ledger now says 1.00 less was captured than the chain shows.
    await env.store.query("UPDATE commerce_payments SET captured = captured - 1000000 WHERE payment_id = $1", [scenario.full.paymentId]);
    try {
      await page.getByTestId("audit-run").click();
      const report = page.getByTestId("audit-report");
      await report.waitFor({ timeout: 60_000 });
      expect(await report.getAttribute("data-unexplained")).to.equal("1");
      const rows = page.getByTestId("audit-difference");
      expect(await rows.count()).to.equal(1);
      expect(await rows.first().getAttribute("data-category")).to.equal("amount_differs");
      expect(await rows.first().getAttribute("data-payment")).to.equal(scenario.full.paymentId);
      expect(await rows.first().innerText()).to.contain("Amount differs").and.contain("captured").and.contain("10500000").and.contain("9500000");
      expect(await page.getByTestId("audit-conservation").getAttribute("data-ok")).to.equal("true");

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("audit-download-csv").click()]);
      const csv = readFileSync((await download.path())!, "utf8");
      const sha = await page.getByTestId("audit-sha256").innerText();
      expect(csv).to.contain(`# report sha256 ${sha}`);
      expect(csv).to.contain(`amount_differs,false,payment,${scenario.full.paymentId},,,,captured,10500000,9500000`);
      await env.screenshot(auditor, "audit-1-reconciliation-en");

      await language("zh-CN");
      expect(await rows.first().innerText()).to.contain("金额不符");
      expect(await page.getByTestId("audit-summary").innerText()).to.contain("1 处无法解释的差异");
      await env.screenshot(auditor, "audit-1-reconciliation-zh-CN");
    } finally {
      await env.store.query("UPDATE commerce_payments SET captured = captured + 1000000 WHERE payment_id = $1", [scenario.full.paymentId]);
    }
  });

  it("verifies a receipt by its user-operation hash against the chain", async function () {
    const { page } = auditor;
    await page.getByTestId("audit-receipt-ref").fill(scenario.full.userOpHash);
    await page.getByTestId("audit-receipt-verify").click();
    const result = page.getByTestId("audit-receipt-result");
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute("data-matched")).to.equal("userOpHash");
    const receipt = page.getByTestId("audit-verified-receipt");
    expect(await receipt.getAttribute("data-state")).to.equal("verified");
    expect(await receipt.getAttribute("data-payment")).to.equal(scenario.full.paymentId);
    expect(await page.getByTestId("audit-receipt-check").evaluateAll((checks) => checks.map((check) => check.getAttribute("data-ok")))).to.deep.equal(["true", "true", "true"]);
    expect(await page.getByTestId("audit-receipt-step").evaluateAll((steps) => steps.map((step) => step.getAttribute("data-kind")))).to.deep.equal(["authorized", "captured"]);
    expect(await page.getByTestId("audit-receipt-userop").first().innerText()).to.equal(scenario.full.userOpHash.toLowerCase());
    expect(await receipt.innerText()).to.contain("已在链上验证");
    await env.screenshot(auditor, "audit-2-receipt-zh-CN");

    await language("en");
    expect(await receipt.innerText()).to.contain("Verified on-chain");
    await env.screenshot(auditor, "audit-2-receipt-en");
  });
});
