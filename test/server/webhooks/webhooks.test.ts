// Webhooks end to end in one relayer: a real local HTTP receiver verifies every delivery with
// the standardwebhooks library; a receiver that fails twice then succeeds gets the event three
// times with the same id, and the deliveries API shows each attempt's status code and time;
// redelivery sends it again under the same id; a wrong secret fails verification; a rotated
// secret signs alongside the new one; endpoints get only the event types they chose; finality
// reached is an event of its own; retries stop only after the retry window (a day).
import { expect } from "chai";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { createBackOfficeFixture, unix, type BackOfficeFixture } from "../ledger/backOfficeFixture.ts";
import { waitFor } from "../helpers/commerceFixture.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

type Body = { type: string; timestamp: string; data: Record<string, unknown> };

describe("webhooks: signed deliveries, retries, redelivery", function () {
  this.timeout(180_000);
  let fx: BackOfficeFixture;
  let receiver: Receiver;
  let time = unix("2027-06-01T10:00:00Z");
  const next = () => (time += 600);
  const coffee = [{ name: "Coffee", quantity: 1, unitPrice: "3500000" }];

  const call = (method: "GET" | "POST", path: string, body?: unknown, token = fx.merchant.token) => fx.call(method, `/api/stores/${fx.storeId}/webhooks${path}`, token, body);
  const addEndpoint = async (url: string, eventTypes: string[]) => {
    const response = await call("POST", "", { url, eventTypes });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body as { endpoint: { id: string }; secret: string };
  };
  const deliveries = async (endpointId: string) => (await call("GET", `/deliveries?endpointId=${endpointId}`)).body.deliveries as any[];
  const verify = (secret: string, entry: { headers: Record<string, unknown>; body: string }) =>
    new Webhook(secret).verify(entry.body, entry.headers as Record<string, string>) as Body;

  before(async function () {
    // Sessions outlive the clock moves of the retry-window test.
    fx = await createBackOfficeFixture({ env: { WEBHOOK_POLL_MS: "50", WEBHOOK_RETRY_BASE_MS: "100", WEBHOOK_RETRY_MAX_MS: "400", SESSION_TTL_SECONDS: String(7 * 86_400) } });
    receiver = await startReceiver();
  });
  after(async () => {
    await fx?.close();
    await receiver?.close();
  });

  it("shows a new endpoint's secret once: in the answer that creates it, never in the list", async function () {
    const { endpoint, secret } = await addEndpoint(`${receiver.url}/hooks/once`, ["payment.refunded"]);
    expect(secret).to.match(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await call("GET", "");
    expect(list.status).to.equal(200);
    expect(list.body.endpoints.map((entry: { id: string }) => entry.id)).to.include(endpoint.id);
    expect(JSON.stringify(list.body)).to.not.include(secret.slice(6));
    expect(list.body.eventTypes).to.include.members(["payment.captured", "request.paid", "payment.finalized"]);
    expect((await fx.call("DELETE", `/api/stores/${fx.storeId}/webhooks/${endpoint.id}`, fx.merchant.token)).status).to.equal(204);
  });

  it("signs each delivery: the receiver verifies it with the endpoint's secret, and a wrong secret fails", async function () {
    const { secret } = await addEndpoint(`${receiver.url}/hooks/signed`, ["payment.captured", "request.paid"]);
    const sale = await fx.sell(next(), 6, coffee, { operation: "charge" });
    const [captured] = await waitFor("payment.captured delivered", async () => (receiver.ofType("payment.captured").length > 0 ? receiver.ofType("payment.captured") : undefined));
    const body = verify(secret, captured!);
    expect(body.type).to.equal("payment.captured");
    expect(body.data).to.deep.include({ paymentId: sale.paymentId, storeId: fx.storeId, event: "captured", amount: "3500000", fee: "35000", finality: "pending" });
    expect(captured!.headers["webhook-id"]).to.match(/^msg_[0-9a-f]{32}$/);
    expect(() => verify("whsec_" + Buffer.alloc(32, 7).toString("base64"), captured!)).to.throw(WebhookVerificationError);
    const tampered = { ...captured!, body: captured!.body.replace("3500000", "3500001") };
    expect(() => verify(secret, tampered)).to.throw(WebhookVerificationError);
    const [paid] = await waitFor("request.paid delivered", async () => (receiver.ofType("request.paid").length > 0 ? receiver.ofType("request.paid") : undefined));
    expect(verify(secret, paid!).data).to.deep.include({ requestId: sale.requestId, paymentId: sale.paymentId });
    // Not subscribed: no authorization events.
    expect(receiver.ofType("payment.authorized").filter((entry) => entry.headers["webhook-id"] && entry.body.includes(sale.paymentId))).to.have.length(0);
  });

  it("retries a receiver that fails twice: three requests with one event id; the API lists 500, 500, 200 with times", async function () {
    const path = "/hooks/flaky";
    const { endpoint, secret } = await addEndpoint(`${receiver.url}${path}`, ["payment.refunded"]);
    const sale = await fx.sell(next(), 7, coffee, { operation: "charge" });
    receiver.answer(path, [500, 500]);
    await fx.refund(sale, 1_000_000n, next());
    const delivered = await waitFor("three attempts", async () => {
      const list = await deliveries(endpoint.id);
      return list[0]?.status === "succeeded" ? list : undefined;
    });
    const requests = receiver.received.filter((entry) => entry.path === path && entry.body.includes(sale.paymentId));
    expect(requests.map((entry) => entry.status)).to.deep.equal([500, 500, 200]);
    expect(new Set(requests.map((entry) => entry.headers["webhook-id"])).size).to.equal(1);
    expect(new Set(requests.map((entry) => entry.body)).size).to.equal(1);
    for (const entry of requests) expect(verify(secret, entry).data).to.deep.include({ event: "refunded", amount: "1000000" });
    expect(delivered).to.have.length(1);
    expect(delivered[0]).to.deep.include({ eventId: requests[0]!.headers["webhook-id"], eventType: "payment.refunded", status: "succeeded", nextAttemptAt: null });
    expect(delivered[0].attempts.map((attempt: { attempt: number; statusCode: number }) => [attempt.attempt, attempt.statusCode])).to.deep.equal([[1, 500], [2, 500], [3, 200]]);
    const times = delivered[0].attempts.map((attempt: { at: string }) => Date.parse(attempt.at));
    expect(times[1]).to.be.greaterThan(times[0]);
    expect(times[2]).to.be.greaterThan(times[1]);

    // Redelivery: the same event id and body once more, and a fourth attempt in the list.
    const redelivered = await call("POST", `/deliveries/${delivered[0].id}/redeliver`);
    expect(redelivered.status, JSON.stringify(redelivered.body)).to.equal(200);
    expect(redelivered.body.delivery.status).to.equal("pending");
    const after = await waitFor("redelivered", async () => {
      const list = await deliveries(endpoint.id);
      return list[0]?.status === "succeeded" && list[0].attempts.length === 4 ? list[0] : undefined;
    });
    expect(after.attempts[3].statusCode).to.equal(200);
    const again = receiver.received.filter((entry) => entry.headers["webhook-id"] === delivered[0].eventId);
    expect(again).to.have.length(4);
    expect(again[3]!.body).to.equal(again[0]!.body);
    expect((await call("POST", "/deliveries/nosuchdelivery0/redeliver")).status).to.equal(404);
  });

  it("signs with the old and the new secret for a day after a rotation", async function () {
    const { endpoint, secret: old } = await addEndpoint(`${receiver.url}/hooks/rotating`, ["payment.captured"]);
    const rotated = await call("POST", `/${endpoint.id}/rotate-secret`);
    expect(rotated.status).to.equal(200);
    const secret = rotated.body.secret as string;
    expect(secret).to.not.equal(old);
    expect(Date.parse(rotated.body.endpoint.previousSecretExpiresAt) - Date.now()).to.be.closeTo(86_400_000, 60_000);
    const sale = await fx.sell(next(), 9, coffee, { operation: "charge" });
    const entry = await waitFor("delivered after rotation", async () =>
      receiver.received.find((candidate) => candidate.body.includes(sale.paymentId) && candidate.headers["webhook-id"] && (candidate.headers["webhook-signature"] as string).includes(" ")),
    );
    expect((entry.headers["webhook-signature"] as string).split(" ")).to.have.length(2);
    expect(verify(secret, entry).type).to.equal("payment.captured");
    expect(verify(old, entry).type).to.equal("payment.captured");
  });

  it("sends payment.finalized once the payment's blocks are final, and only to endpoints that chose it", async function () {
    const { secret } = await addEndpoint(`${receiver.url}/hooks/final`, ["payment.finalized"]);
    const sale = await fx.sell(next(), 6, coffee, { operation: "charge" });
    await fx.indexed();
    expect(receiver.ofType("payment.finalized").filter((entry) => entry.body.includes(sale.paymentId))).to.have.length(0);
    for (let block = 0; block < 5; block++) await fx.chain.provider.request({ method: "evm_mine", params: [] });
    const finalized = await waitFor("payment.finalized", async () => {
      const found = receiver.ofType("payment.finalized").filter((entry) => entry.body.includes(sale.paymentId));
      return found.length >= 2 ? found : undefined;
    });
    const events = finalized.map((entry) => verify(secret, entry).data);
    expect(events.map((data) => data.event).sort()).to.deep.equal(["authorized", "captured"]);
    expect(events.every((data) => data.finality === "finalized")).to.equal(true);
  });

  it("keeps retrying a failing receiver for a day, then marks the delivery failed", async function () {
    const { endpoint } = await addEndpoint(`${receiver.url}/hooks/down`, ["payment.voided"]);
    receiver.answer("/hooks/down", [], 503);
    const sale = await fx.sell(next(), 7, coffee);
    await fx.void(sale, next());
    const first = await waitFor("a first failed attempt", async () => (await deliveries(endpoint.id))[0]?.attempts.length > 0 || undefined);
    expect(first).to.equal(true);
    try {
      // Move the relayer's clock forward two hours at a time: each step makes the next retry due.
      for (let hours = 2; hours <= 26; hours += 2) {
        fx.clock.offsetMs = hours * 3_600_000;
        const attempts = (await deliveries(endpoint.id))[0].attempts.length;
        await waitFor(`an attempt at +${hours} h`, async () => {
          const [delivery] = await deliveries(endpoint.id);
          return delivery.attempts.length > attempts || delivery.status === "failed" ? true : undefined;
        });
      }
      const [delivery] = await deliveries(endpoint.id);
      expect(delivery.status).to.equal("failed");
      expect(delivery.nextAttemptAt).to.equal(null);
      const times = delivery.attempts.map((attempt: { at: string }) => Date.parse(attempt.at));
      expect(times.at(-1) - Date.parse(delivery.createdAt)).to.be.at.least(24 * 3_600_000);
      expect(delivery.attempts.every((attempt: { statusCode: number }) => attempt.statusCode === 503)).to.equal(true);
    } finally {
      fx.clock.offsetMs = 0;
    }
  });

  it("refuses another merchant (403) and unknown endpoints (404)", async function () {
    const other = await fx.signUp(0n);
    expect((await call("GET", "", undefined, other.token)).status).to.equal(403);
    expect((await call("POST", "", { url: `${receiver.url}/x`, eventTypes: ["payment.captured"] }, other.token)).status).to.equal(403);
    expect((await call("GET", "/deliveries", undefined, other.token)).status).to.equal(403);
    const missing = await call("POST", "/nosuchendpoint/rotate-secret");
    expect(missing.status).to.equal(404);
    expect(missing.body.error.reason).to.equal("not_found");
    const bad = await call("POST", "", { url: "ftp://example.com/x", eventTypes: ["payment.captured"] });
    expect(bad.status).to.equal(400);
    const badType = await call("POST", "", { url: `${receiver.url}/x`, eventTypes: ["payment.stolen"] });
    expect(badType.status).to.equal(400);
  });
});
