// The role matrix: every merchant route × the five roles (the store's owner, its cashier, another
// merchant's cashier, a payer, anonymous). Allowed cells succeed with their real effect; a signed-in
// caller in a denied cell gets 403 `forbidden` naming its role and the roles allowed; anonymous gets
// 401 `unauthenticated` (no session to judge). Runs on PGlite and, in the `postgres` suite, PostgreSQL.
import { expect } from "chai";
import type { CommerceFixture, User } from "../helpers/commerceFixture.ts";
import { hireCashier, pendingCashier, signCoupon, type OpenStore, sharedCounterFixture } from "./helpers.ts";

type Role = "owner" | "cashier" | "otherCashier" | "payer" | "anonymous";
const roles: readonly Role[] = ["owner", "cashier", "otherCashier", "payer", "anonymous"];
const signedIn: readonly Role[] = ["owner", "cashier", "otherCashier", "payer"];

type Call = { method: "GET" | "POST"; path: string; body?: unknown; stream?: boolean };
type RouteCase = {
  route: string;
  allowed: readonly Role[];
  status: number;
  call: () => Call | Promise<Call>;
  /** What an allowed cell's body must show (its real effect). */
  check?: (body: any, role: Role) => void;
};

describe("counter: role matrix of the merchant routes", function () {
  // The fixture (chain, deployment, relayer) and the on-chain set-up take a while on a loaded machine.
  this.timeout(180_000);
  let fx: CommerceFixture;
  let shop: OpenStore;
  let other: OpenStore;
  const users = {} as Record<Exclude<Role, "anonymous">, User>;
  let approveTarget: User;
  let removeTarget: User;
  let saleId: string;

  before(async function () {
    fx = await sharedCounterFixture();
    shop = await fx.openStore("Role Café");
    other = await fx.openStore("Other Shop");
    users.owner = shop.merchant;
    users.cashier = await hireCashier(fx, shop, "Ana");
    users.otherCashier = await hireCashier(fx, other, "Bo");
    users.payer = await fx.signUp(0n);
    approveTarget = await pendingCashier(fx, shop, "Cy");
    removeTarget = await pendingCashier(fx, shop, "Di");
    const sale = await fx.call("POST", `/api/stores/${shop.store.id}/pos/sales`, shop.merchant.token, { amount: "2500000" });
    saleId = sale.body.request.id;
  });

  const tokenOf = (role: Role) => (role === "anonymous" ? undefined : users[role].token);

  /** A server-sent-events request: the status and the first chunk, then the stream is dropped. */
  async function openStream(path: string, token: string | undefined) {
    const controller = new AbortController();
    const response = await fetch(`${fx.relayer.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: controller.signal });
    if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
      return { status: response.status, body: await response.json(), headers: response.headers };
    }
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes("event: sale")) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    return { status: response.status, body: text, headers: response.headers };
  }

  async function send(role: Role, call: Call) {
    if (call.stream) return openStream(call.path, tokenOf(role));
    return fx.call(call.method, call.path, tokenOf(role), call.body ?? (call.method === "POST" ? {} : undefined));
  }

  const id = () => shop.store.id;
  const cases: RouteCase[] = [
    {
      route: "POST /api/stores/:id/registered",
      allowed: ["owner"],
      status: 200,
      call: () => ({ method: "POST", path: `/api/stores/${id()}/registered`, body: { transactionHash: shop.registration.receipt.receipt.transactionHash } }),
      check: (body) => expect(body.store).to.include({ id: id(), status: "active" }),
    },
    {
      route: "POST /api/stores/:id/requests",
      allowed: ["owner", "cashier"],
      status: 201,
      call: () => ({ method: "POST", path: `/api/stores/${id()}/requests`, body: { amount: "1000000", orderRef: "M-1", lineItems: [{ name: "Tea", quantity: 1, unitPrice: "1000000" }] } }),
      check: (body) => expect(body.request).to.include({ storeId: id(), amount: "1000000", status: "open" }),
    },
    {
      route: "GET /api/stores/:id/requests",
      allowed: ["owner", "cashier"],
      status: 200,
      call: () => ({ method: "GET", path: `/api/stores/${id()}/requests` }),
      check: (body) => expect(body.requests.map((request: any) => request.id)).to.include(saleId),
    },
    { route: "GET /api/stores/:id/payments", allowed: ["owner", "cashier"], status: 200, call: () => ({ method: "GET", path: `/api/stores/${id()}/payments` }), check: (body) => expect(body.payments).to.be.an("array") },
    {
      route: "POST /api/stores/:id/cashiers/invites",
      allowed: ["owner"],
      status: 201,
      call: () => ({ method: "POST", path: `/api/stores/${id()}/cashiers/invites`, body: { label: "New hire" } }),
      check: (body) => expect(body.invite).to.include({ label: "New hire", status: "open" }),
    },
    {
      route: "GET /api/stores/:id/cashiers",
      allowed: ["owner"],
      status: 200,
      call: () => ({ method: "GET", path: `/api/stores/${id()}/cashiers` }),
      check: (body) => expect(body.cashiers.map((cashier: any) => cashier.account)).to.include(users.cashier.address),
    },
    {
      route: "POST /api/stores/:id/cashiers/:account/approve",
      allowed: ["owner"],
      status: 200,
      call: () => ({ method: "POST", path: `/api/stores/${id()}/cashiers/${approveTarget.address}/approve` }),
      check: (body) => expect(body.calls).to.have.length(1),
    },
    {
      route: "POST /api/stores/:id/cashiers/:account/sync",
      allowed: ["owner"],
      status: 200,
      call: () => ({ method: "POST", path: `/api/stores/${id()}/cashiers/${approveTarget.address}/sync` }),
      check: (body) => expect(body.cashier).to.include({ status: "pending", onChain: false }),
    },
    {
      route: "POST /api/stores/:id/cashiers/:account/remove",
      allowed: ["owner"],
      status: 200,
      call: () => ({ method: "POST", path: `/api/stores/${id()}/cashiers/${removeTarget.address}/remove` }),
      check: (body) => expect(body.cashier).to.include({ status: "removed", onChain: false }),
    },
    {
      route: "GET /api/stores/:id/counter",
      allowed: ["owner", "cashier"],
      status: 200,
      call: () => ({ method: "GET", path: `/api/stores/${id()}/counter` }),
      check: (body, role) => expect(body.role).to.equal(role),
    },
    {
      route: "POST /api/stores/:id/counter",
      allowed: ["owner"],
      status: 200,
      call: () => ({ method: "POST", path: `/api/stores/${id()}/counter`, body: { cashierVoidLimit: "5000000", items: [{ name: "Tea", unitPrice: "1500000" }] } }),
      check: (body) => expect(body).to.deep.include({ cashierVoidLimit: "5000000", items: [{ name: "Tea", unitPrice: "1500000" }] }),
    },
    {
      route: "POST /api/stores/:id/pos/sales",
      allowed: ["owner", "cashier"],
      status: 201,
      call: () => ({ method: "POST", path: `/api/stores/${id()}/pos/sales`, body: { amount: "3000000", note: "table 4" } }),
      check: (body) => {
        expect(body.note).to.equal("table 4");
        expect(body.request).to.include({ amount: "3000000", status: "open" });
      },
    },
    {
      route: "GET /api/stores/:id/pos/events",
      allowed: ["owner", "cashier"],
      status: 200,
      call: () => ({ method: "GET", path: `/api/stores/${id()}/pos/events?requestId=${saleId}`, stream: true }),
      check: (body) => expect(body).to.contain(`"requestId":"${saleId}"`).and.contain('"status":"open"'),
    },
    {
      route: "GET /api/stores/:id/loyalty",
      allowed: ["owner", "cashier"],
      status: 200,
      call: () => ({ method: "GET", path: `/api/stores/${id()}/loyalty` }),
      check: (body) => expect(body).to.include({ loyaltyBps: 100, couponSigner: shop.merchant.address }),
    },
    {
      route: "POST /api/stores/:id/loyalty",
      allowed: ["owner"],
      status: 200,
      call: () => ({ method: "POST", path: `/api/stores/${id()}/loyalty`, body: { loyaltyBps: 250 } }),
      check: (body) => expect(body.calls).to.have.length(1),
    },
    {
      route: "POST /api/stores/:id/coupons",
      allowed: ["owner"],
      status: 201,
      call: async () => ({ method: "POST", path: `/api/stores/${id()}/coupons`, body: { label: "Ten off", ...(await signCoupon(fx, shop)) } }),
      check: (body) => expect(body.coupon).to.include({ label: "Ten off", uses: 0, status: "active" }),
    },
    { route: "GET /api/stores/:id/coupons", allowed: ["owner"], status: 200, call: () => ({ method: "GET", path: `/api/stores/${id()}/coupons` }), check: (body) => expect(body.coupons).to.be.an("array") },
    // Not about one store: every signed-in account may use them (for its own stores and shifts).
    { route: "POST /api/stores", allowed: signedIn, status: 201, call: () => ({ method: "POST", path: "/api/stores", body: { name: "Pop-up", currency: "USD" } }), check: (body) => expect(body.store.status).to.equal("pending") },
    {
      route: "GET /api/stores",
      allowed: signedIn,
      status: 200,
      call: () => ({ method: "GET", path: "/api/stores" }),
      check: (body, role) => expect(body.stores.some((store: any) => store.id === id())).to.equal(role === "owner"),
    },
    {
      route: "GET /api/me/staff-stores",
      allowed: signedIn,
      status: 200,
      call: () => ({ method: "GET", path: "/api/me/staff-stores" }),
      check: (body, role) => expect(body.stores.some((entry: any) => entry.store.id === id())).to.equal(role === "cashier"),
    },
  ];

  for (const routeCase of cases) {
    it(`${routeCase.route}: ${routeCase.allowed.join(", ")} allowed; the others refused`, async function () {
      const call = await routeCase.call();
      // Refused cells first, so a route that changes something is judged on the state before it.
      for (const role of roles.filter((candidate) => !routeCase.allowed.includes(candidate))) {
        const response = await send(role, await routeCase.call());
        if (role === "anonymous") {
          expect(response.status, `${role}: ${JSON.stringify(response.body)}`).to.equal(401);
          expect(response.body.error.reason).to.equal("unauthenticated");
          continue;
        }
        expect(response.status, `${role}: ${JSON.stringify(response.body)}`).to.equal(403);
        expect(response.body.error).to.deep.include({ reason: "forbidden", role: role === "cashier" ? "cashier" : "none", allowed: routeCase.allowed.filter((r) => r === "owner" || r === "cashier") });
        expect(response.body.error.message).to.be.a("string").and.not.equal("");
      }
      for (const role of routeCase.allowed) {
        const response = await send(role, role === routeCase.allowed[0] ? call : await routeCase.call());
        expect(response.status, `${role}: ${typeof response.body === "string" ? response.body : JSON.stringify(response.body)}`).to.equal(routeCase.status);
        routeCase.check?.(response.body, role);
      }
    });
  }

  it("describes every route of the matrix in /openapi.json", async function () {
    const { body } = await fx.call("GET", "/openapi.json");
    const documented = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
    );
    for (const { route } of cases) {
      const [method, path] = route.split(" ") as [string, string];
      const pattern = new RegExp(`^${method} ${path.replace(/:\w+/g, ":\\w+")}$`);
      expect(documented.some((entry) => pattern.test(entry)), route).to.equal(true);
    }
  });

  it("public routes answer every role alike (a store, a request by its link)", async function () {
    for (const role of roles) {
      expect((await send(role, { method: "GET", path: `/api/stores/${shop.store.id}` })).status, role).to.equal(200);
      expect((await send(role, { method: "GET", path: `/api/requests/${saleId}` })).status, role).to.equal(200);
    }
  });
});
