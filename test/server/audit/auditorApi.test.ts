// The auditor role over HTTP: a merchant grants an auditor's passkey account read access to its store;
// the auditor signs in and gets a read-only session; every state-changing route the relayer describes in
// /openapi.json — including routes other modules add later — refuses that session with 403
// `auditor_read_only`; the auditor reconciles the store (JSON, CSV, event stream) and verifies receipts
// by user-operation hash, transaction hash and payment id.
import { expect } from "chai";
import type { Hex } from "viem";
import { auditReceipt, auditReport } from "@paykey/sdk/api/audit";
import { TestPasskey } from "../helpers/authenticator.ts";
import { origin, rpId } from "../helpers/fixture.ts";
import { type CommerceFixture, sharedCommerceFixture } from "../helpers/commerceFixture.ts";
import { type AuditScenario, sharedAuditScenario } from "./scenario.ts";

describe("audit: the auditor role and the /api/audit routes", function () {
  let fx: CommerceFixture;
  let scenario: AuditScenario;
  let auditor: { passkey: TestPasskey; address: string; token: string; cookie: string };

  before(async function () {
    fx = await sharedCommerceFixture();
    scenario = await sharedAuditScenario(fx);
  });

  async function signInAsAuditor(passkey: TestPasskey) {
    const { body: start } = await fx.call("POST", "/auth/auditor/options");
    const response = await fetch(`${fx.relayer.url}/auth/auditor/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ response: await passkey.getAssertion(start.options) }),
    });
    return { status: response.status, body: await response.json(), cookie: response.headers.get("set-cookie") ?? "" };
  }

  it("lets a store owner grant an auditor's account, and the auditor sign in read-only to see the store", async function () {
    const signedUp = await fx.signUp(0n);
    const granted = await fx.call("POST", `/api/stores/${scenario.store.id}/auditors`, scenario.merchant.token, { account: signedUp.address });
    expect(granted.status, JSON.stringify(granted.body)).to.equal(201);
    expect(granted.body.auditor).to.deep.include({ storeId: scenario.store.id, account: signedUp.address, grantedBy: scenario.merchant.address });
    // Only the owner can grant.
    const stranger = await fx.signUp(0n);
    const refused = await fx.call("POST", `/api/stores/${scenario.store.id}/auditors`, stranger.token, { account: stranger.address });
    expect(refused.status).to.equal(403);

    const signedIn = await signInAsAuditor(signedUp.passkey);
    expect(signedIn.status, JSON.stringify(signedIn.body)).to.equal(200);
    expect(signedIn.cookie).to.match(/^paykey_audit=[^;]+; Path=\/api\/audit; Expires=.+; HttpOnly; SameSite=Strict$/);
    auditor = { passkey: signedUp.passkey, address: signedUp.address, token: signedIn.body.session.token, cookie: signedIn.cookie.split(";")[0]! };
    expect(signedIn.body.auditor).to.deep.equal({ account: signedUp.address });
    const store = { id: scenario.store.id, name: "Audit Café", currency: "USD", merchantId: String(scenario.merchantId), status: "active" };
    expect(signedIn.body.stores).to.deep.equal([store]);
    expect((await fx.call("GET", "/api/audit/session", auditor.token)).body).to.deep.equal({ auditor: { account: signedUp.address }, stores: [store] });
    const viaCookie = await fetch(`${fx.relayer.url}/api/audit/session`, { headers: { cookie: auditor.cookie } });
    expect(viaCookie.status).to.equal(200);

    // A wallet session is not an auditor session, and no session is none.
    for (const token of [signedUp.token, undefined]) {
      const answer = await fx.call("GET", "/api/audit/session", token);
      expect(answer.status).to.equal(401);
      expect(answer.body.error.reason).to.equal("not_auditor");
    }
  });

  it("refuses every state-changing route in /openapi.json with 403 auditor_read_only for the auditor's session", async function () {
    const { body: openapi } = await fx.call("GET", "/openapi.json");
    const routes = Object.entries(openapi.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => !["get", "head", "options", "parameters"].includes(method))
        .map((method) => ({ method: method.toUpperCase(), path })),
    );
    // The relayer's own routes and every module's are there; /rpc is hidden from the description, so it is added.
    routes.push({ method: "POST", path: "/rpc" });
    const names = routes.map((route) => `${route.method} ${route.path}`);
    for (const expected of ["POST /api/stores", "POST /api/faucet", "POST /auth/logout", "POST /chain", "POST /api/stores/{storeId}/auditors", "DELETE /api/stores/{storeId}/auditors/{account}", "POST /api/audit/logout"]) {
      expect(names).to.include(expected);
    }
    expect(routes.length).to.be.greaterThan(15);

    const fill = (path: string) =>
      path
        .replace("{storeId}", scenario.store.id)
        .replace("{id}", scenario.full.requestId)
        .replace("{account}", auditor.address)
        .replace(/\{[^}]+\}/g, scenario.full.paymentId);
    const checked: string[] = [];
    for (const route of routes) {
      if (route.method === "POST" && route.path === "/api/audit/logout") continue;
      const credentials: Record<string, string>[] = [{ authorization: `Bearer ${auditor.token}` }, { cookie: `paykey_session=${auditor.token}` }, { cookie: auditor.cookie }];
      for (const credential of credentials) {
        const response = await fetch(`${fx.relayer.url}${fill(route.path)}`, {
          method: route.method,
          headers: { "content-type": "application/json", ...credential },
          body: JSON.stringify({ name: "x", currency: "USD", account: auditor.address, amount: "1", orderRef: "x", lineItems: [], transactionHash: scenario.full.transactionHash }),
        });
        const body = (await response.json()) as { error?: { reason?: string; method?: string } };
        expect([response.status, body.error?.reason], `${route.method} ${route.path}`).to.deep.equal([403, "auditor_read_only"]);
        expect(body.error!.method).to.equal(route.method);
      }
      checked.push(`${route.method} ${route.path}`);
    }
    expect(checked.length).to.equal(routes.length - 1);
    // The grant is still there: nothing was changed by those requests.
    expect((await fx.call("GET", `/api/stores/${scenario.store.id}/auditors`, scenario.merchant.token)).body.auditors.map((grant: any) => grant.account)).to.include(auditor.address);
    // The same requests with the owner's wallet session are not refused by the guard.
    const owner = await fx.call("POST", `/api/stores/${scenario.store.id}/auditors`, scenario.merchant.token, { account: auditor.address });
    expect(owner.status).to.equal(201);
  });

  it("reconciles the store as JSON, as CSV and as an event stream, and lists a tampered row", async function () {
    const clean = await fx.call("GET", `/api/audit/stores/${scenario.store.id}/reconciliation`, auditor.token);
    expect(clean.status, JSON.stringify(clean.body)).to.equal(200);
    const report = auditReport.parse(clean.body);
    expect(report.summary).to.deep.include({ ok: true, differences: 0 });
    expect(report.books.payments).to.equal(3);

    await fx.relayer.store.query("UPDATE commerce_payments SET status = 'voided' WHERE payment_id = $1", [scenario.full.paymentId]);
    try {
      const csv = await fetch(`${fx.relayer.url}/api/audit/stores/${scenario.store.id}/reconciliation?format=csv`, { headers: { cookie: auditor.cookie } });
      expect(csv.status).to.equal(200);
      expect(csv.headers.get("content-type")).to.equal("text/csv; charset=utf-8");
      const text = await csv.text();
      expect(text).to.match(/^# Paykey audit: chain 31337/);
      expect(text.split("\n").filter((line) => line.startsWith("status_differs,false,payment," + scenario.full.paymentId))).to.have.length(1);

      const stream = await fetch(`${fx.relayer.url}/api/audit/stores/${scenario.store.id}/reconciliation/stream`, { headers: { cookie: auditor.cookie } });
      expect(stream.headers.get("content-type")).to.equal("text/event-stream; charset=utf-8");
      const events = (await stream.text())
        .trim()
        .split("\n\n")
        .map((chunk) => {
          const [event, data] = chunk.split("\n");
          return { event: event!.replace("event: ", ""), data: JSON.parse(data!.replace("data: ", "")) };
        });
      expect(events.at(-1)!.event).to.equal("report");
      const progress = events.filter((event) => event.event === "progress").map((event) => event.data.phase);
      expect(progress).to.include.members(["range", "scan", "ledger", "reconcile", "done"]);
      const streamed = auditReport.parse(events.at(-1)!.data);
      expect(streamed.differences.map((difference) => [difference.category, difference.paymentId, difference.chain, difference.ledger])).to.deep.equal([
        ["status_differs", scenario.full.paymentId, "captured", "voided"],
      ]);
    } finally {
      await fx.relayer.store.query("UPDATE commerce_payments SET status = 'captured' WHERE payment_id = $1", [scenario.full.paymentId]);
    }
  });

  it("refuses a store that has not granted the auditor, and a period that covers no block", async function () {
    const other = await fx.openStore("Not Audited", "USD");
    const refused = await fx.call("GET", `/api/audit/stores/${other.store.id}/reconciliation`, auditor.token);
    expect([refused.status, refused.body.error.reason]).to.deep.equal([403, "not_granted"]);
    const future = await fx.call("GET", `/api/audit/stores/${scenario.store.id}/reconciliation?from=2999-01-01`, auditor.token);
    expect([future.status, future.body.error.reason]).to.deep.equal([400, "invalid_period"]);
    const malformed = await fx.call("GET", `/api/audit/stores/${scenario.store.id}/reconciliation?from=yesterday`, auditor.token);
    expect([malformed.status, malformed.body.error.reason]).to.deep.equal([400, "invalid_input"]);
  });

  it("verifies a receipt by user-operation hash, transaction hash and payment id; an edited line item fails it", async function () {
    const byUserOp = await fx.call("GET", `/api/audit/receipts/${scenario.full.userOpHash}`, auditor.token);
    expect(byUserOp.status, JSON.stringify(byUserOp.body)).to.equal(200);
    const receipt = auditReceipt.parse(byUserOp.body);
    expect(receipt.matchedAs).to.equal("userOpHash");
    expect(receipt.receipts).to.have.length(1);
    const [only] = receipt.receipts;
    expect(only!.chain).to.deep.include({ paymentId: scenario.full.paymentId, status: "captured", authorized: "10500000", captured: "10500000", fees: "105000" });
    expect(only!.chain.steps.map((step) => [step.kind, step.userOpHash])).to.deep.equal([
      ["authorized", scenario.full.userOpHash.toLowerCase()],
      ["captured", only!.chain.steps[1]!.userOpHash],
    ]);
    expect(only!.itemised).to.deep.equal({ orderRef: "AUD-1", lineItems: [{ name: "Espresso", quantity: 2, unitPrice: "3000000" }, { name: "Cake", quantity: 1, unitPrice: "4500000" }] });
    expect(only!.verification.state).to.equal("verified");
    expect(only!.verification.checks.map((check) => [check.name, check.ok])).to.deep.equal([["lineItems", true], ["orderRef", true], ["price", true]]);

    const byTransaction = await fx.call("GET", `/api/audit/receipts/${scenario.full.transactionHash}`, auditor.token);
    expect([byTransaction.body.matchedAs, byTransaction.body.receipts.map((r: any) => r.chain.paymentId)]).to.deep.equal(["transactionHash", [scenario.full.paymentId]]);
    const byPayment = await fx.call("GET", `/api/audit/receipts/${scenario.partial.paymentId}`, auditor.token);
    expect([byPayment.body.matchedAs, byPayment.body.receipts[0].chain.status]).to.deep.equal(["paymentId", "refunded"]);
    const unknown = await fx.call("GET", `/api/audit/receipts/0x${"ab".repeat(32)}`, auditor.token);
    expect([unknown.status, unknown.body.error.reason]).to.deep.equal([404, "receipt_not_found"]);

    const original = await fx.relayer.store.query<{ line_items: unknown }>("SELECT line_items FROM commerce_requests WHERE id = $1", [scenario.full.requestId]);
    await fx.relayer.store.query(`UPDATE commerce_requests SET line_items = jsonb_set(line_items, '{1,name}', '"Cheesecake"') WHERE id = $1`, [scenario.full.requestId]);
    try {
      const edited = await fx.call("GET", `/api/audit/receipts/${scenario.full.userOpHash}`, auditor.token);
      expect(edited.body.receipts[0].verification.state).to.equal("mismatch");
      expect(edited.body.receipts[0].verification.checks.map((check: any) => [check.name, check.ok])).to.deep.equal([["lineItems", false], ["orderRef", true], ["price", true]]);
    } finally {
      await fx.relayer.store.query("UPDATE commerce_requests SET line_items = $2 WHERE id = $1", [scenario.full.requestId, JSON.stringify(original[0]!.line_items)]);
    }
  });

  it("ends the auditor session on POST /api/audit/logout, the one write an auditor may make", async function () {
    const response = await fetch(`${fx.relayer.url}/api/audit/logout`, { method: "POST", headers: { cookie: auditor.cookie } });
    expect(response.status).to.equal(200);
    expect(response.headers.get("set-cookie")).to.match(/^paykey_audit=; Max-Age=0; Path=\/api\/audit/);
    const after = await fx.call("GET", "/api/audit/session", auditor.token);
    expect([after.status, after.body.error.reason]).to.deep.equal([401, "unauthenticated"]);
  });
});
