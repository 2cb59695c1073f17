// The point of sale: a cashier rings up a sale from the store's item list (or a typed amount) with a
// note; the POS screen's server-sent-events stream says "open" at once and "paid" — with the payer, the
// payment id and what was paid — once the payer's authorization is indexed. Bad sales are 4xx with a reason.
import { expect } from "chai";
import { hashLineItems } from "@paykey/sdk/commerce";
import type { PosSaleEvent } from "@paykey/sdk/api/counter";
import type { CommerceFixture, User } from "../helpers/commerceFixture.ts";
import { hireCashier, payRequest, usd, type OpenStore, sharedCounterFixture } from "./helpers.ts";

/** A POS stream: the `sale` events as they arrive. */
async function openSaleStream(url: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  expect(response.status).to.equal(200);
  expect(response.headers.get("content-type")).to.equal("text/event-stream; charset=utf-8");
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: PosSaleEvent[] = [];
  let buffer = "";
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^event: sale\ndata: (.*)$/m.exec(block)?.[1];
        if (data) events.push(JSON.parse(data) as PosSaleEvent);
      }
    }
  })();
  return {
    events,
    async until(done: (event: PosSaleEvent) => boolean, timeoutMs = 20_000): Promise<PosSaleEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(done);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such sale event; got ${JSON.stringify(events)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

describe("counter: point of sale and its paid stream", function () {
  // The fixture (chain, deployment, relayer) and the on-chain set-up take a while on a loaded machine.
  this.timeout(180_000);
  let fx: CommerceFixture;
  let shop: OpenStore;
  let cashier: User;
  let payer: User;

  before(async function () {
    fx = await sharedCounterFixture();
    shop = await fx.openStore("Keypad Bakery");
    cashier = await hireCashier(fx, shop);
    payer = await fx.signUp(usd("50"));
    const saved = await fx.call("POST", `/api/stores/${shop.store.id}/counter`, shop.merchant.token, {
      items: [
        { name: "Sourdough", unitPrice: usd("4.20").toString() },
        { name: "Cinnamon bun", unitPrice: usd("2.75").toString() },
      ],
    });
    expect(saved.status).to.equal(200);
  });

  it("rings up items from the list with a note: a 15-minute request whose line items and amount add up", async function () {
    const counter = await fx.call("GET", `/api/stores/${shop.store.id}/counter`, cashier.token);
    expect(counter.body).to.deep.include({ role: "cashier", items: [{ name: "Sourdough", unitPrice: "4200000" }, { name: "Cinnamon bun", unitPrice: "2750000" }] });
    expect(counter.body.store).to.include({ id: shop.store.id, decimals: 6, currency: "USD" });

    const sale = await fx.call("POST", `/api/stores/${shop.store.id}/pos/sales`, cashier.token, {
      items: [
        { index: 0, quantity: 2 },
        { index: 1, quantity: 1 },
      ],
      note: "for Mia",
    });
    expect(sale.status, JSON.stringify(sale.body)).to.equal(201);
    const lineItems = [
      { name: "Sourdough", quantity: 2, unitPrice: "4200000" },
      { name: "Cinnamon bun", quantity: 1, unitPrice: "2750000" },
    ];
    expect(sale.body.note).to.equal("for Mia");
    expect(sale.body.request).to.deep.include({ amount: "11150000", lineItems, lineItemsHash: hashLineItems(lineItems), status: "open" });
    expect(sale.body.request.orderRef).to.match(/^POS-[0-9A-F]{10}$/);
    const ttl = new Date(sale.body.request.expiresAt).getTime() - new Date(sale.body.request.createdAt).getTime();
    expect(ttl).to.equal(15 * 60 * 1000);
    const [row] = await fx.relayer.store.query<{ created_by: string; note: string }>("SELECT created_by, note FROM counter_sales WHERE request_id = $1", [sale.body.request.id]);
    expect(row).to.deep.equal({ created_by: cashier.address.toLowerCase(), note: "for Mia" });
  });

  it("refuses a sale with an unknown item, with both or neither of amount and items, or a zero amount (400)", async function () {
    const post = (body: unknown) => fx.call("POST", `/api/stores/${shop.store.id}/pos/sales`, cashier.token, body);
    const unknown = await post({ items: [{ index: 5, quantity: 1 }] });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error).to.include({ reason: "unknown_item", index: 5 });
    for (const body of [{}, { amount: "1000", items: [{ index: 0, quantity: 1 }] }, { amount: "0" }, { amount: "1.5" }]) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).to.equal(400);
      expect(response.body.error.reason).to.equal("invalid_input");
    }
  });

  it("streams the sale as open, then paid with the payer and what was paid, to every screen watching it", async function () {
    const sale = await fx.call("POST", `/api/stores/${shop.store.id}/pos/sales`, cashier.token, { amount: usd("3.50").toString() });
    expect(sale.body.request.lineItems).to.deep.equal([{ name: "Counter sale", quantity: 1, unitPrice: "3500000" }]);
    const requestId = sale.body.request.id as string;
    const url = `${fx.relayer.url}/api/stores/${shop.store.id}/pos/events?requestId=${requestId}`;
    const counter = await openSaleStream(url, cashier.token);
    const office = await openSaleStream(url, shop.merchant.token);
    try {
      const open = await counter.until((event) => event.status === "open");
      expect(open).to.deep.equal({ requestId, status: "open", amount: "3500000", paymentId: null, payer: null, paid: null, paymentStatus: null });
      await office.until((event) => event.status === "open");

      const { paymentId } = await payRequest(fx, payer, requestId);
      const paid = await counter.until((event) => event.status === "paid");
      expect(paid).to.deep.equal({ requestId, status: "paid", amount: "3500000", paymentId, payer: payer.address, paid: "3500000", paymentStatus: "authorized" });
      expect(await office.until((event) => event.status === "paid")).to.deep.equal(paid);
      // One event per change: nothing repeated while the state stays the same.
      expect(counter.events.filter((event) => event.status === "paid")).to.have.length(1);
    } finally {
      await counter.close();
      await office.close();
    }
  });

  it("refuses a stream for a request of another store (404 not_found) and a malformed id (400)", async function () {
    const other = await fx.openStore("Elsewhere");
    const foreign = await fx.call("POST", `/api/stores/${other.store.id}/pos/sales`, other.merchant.token, { amount: "1000000" });
    const response = await fx.call("GET", `/api/stores/${shop.store.id}/pos/events?requestId=${foreign.body.request.id}`, cashier.token);
    expect(response.status).to.equal(404);
    expect(response.body.error.reason).to.equal("not_found");
    expect((await fx.call("GET", `/api/stores/${shop.store.id}/pos/events?requestId=x`, cashier.token)).status).to.equal(400);
  });
});
