// Every refusal of the commerce API is a 4xx with a reason (never a 500): bad JSON and types,
// line items that do not add up, another account's store, unknown ids, expired and paid
// requests, registrations the chain does not show, the faucet's rate limit and its absence.
// The paid-request case uses the other checkout path: an injected wallet (an EOA paying its
// own gas) naming itself as payer, whose payment the indexer records with no user operation.
import { expect } from "chai";
import { createWalletClient, erc20Abi, http, parseUnits, zeroHash } from "viem";
import { hardhat } from "viem/chains";
import { devAccount, devAccountRoles } from "../../../scripts/lib/devAccounts.ts";
import { mintTestTokens } from "../../../scripts/deploy.ts";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import { startTestRelayer } from "../helpers/relayer.ts";
import { api } from "../helpers/http.ts";
import { termsFromJson } from "@paykey/sdk/commerce";
import { sharedCommerceFixture, waitFor, type CommerceFixture, type User } from "../helpers/commerceFixture.ts";

describe("commerce: refusals", function () {
  let fx: CommerceFixture;
  let owner: User;
  let stranger: User;
  let store: any;
  const lineItems = [{ name: "Tea", quantity: 3, unitPrice: "1500000" }];
  const validRequest = { amount: "4500000", orderRef: "R-1", lineItems };

  before(async function () {
    fx = await sharedCommerceFixture();
    const opened = await fx.openStore("Tea House");
    owner = opened.merchant;
    store = opened.store;
    stranger = await fx.signUp(0n);
  });

  const expectRefusal = (response: { status: number; body: any }, status: number, reason: string) => {
    expect(response.status, JSON.stringify(response.body)).to.equal(status);
    expect(response.body.error).to.include({ reason, code: reason });
    expect(response.body.error.message).to.be.a("string").and.not.equal("");
  };

  it("refuses line items that do not add up to the amount (400 line_items_mismatch)", async function () {
    const response = await fx.call("POST", `/api/stores/${store.id}/requests`, owner.token, { ...validRequest, amount: "4500001" });
    expectRefusal(response, 400, "line_items_mismatch");
    expect(response.body.error).to.include({ amount: "4500001", lineItemsTotal: "4500000" });
    const { body } = await fx.call("GET", `/api/stores/${store.id}/requests`, owner.token);
    expect(body.requests).to.deep.equal([]);
  });

  it("refuses another account's store (403 forbidden)", async function () {
    expectRefusal(await fx.call("POST", `/api/stores/${store.id}/requests`, stranger.token, validRequest), 403, "forbidden");
    expectRefusal(await fx.call("GET", `/api/stores/${store.id}/requests`, stranger.token), 403, "forbidden");
    expectRefusal(await fx.call("GET", `/api/stores/${store.id}/payments`, stranger.token), 403, "forbidden");
    expectRefusal(await fx.call("POST", `/api/stores/${store.id}/registered`, stranger.token, { transactionHash: `0x${"11".repeat(32)}` }), 403, "forbidden");
    expect((await fx.call("GET", "/api/stores", stranger.token)).body).to.deep.equal({ stores: [] });
  });

  it("answers 404 for unknown stores, requests and payments", async function () {
    expectRefusal(await fx.call("GET", "/api/stores/AAAAAAAAAAAAAAAA"), 404, "not_found");
    expectRefusal(await fx.call("POST", "/api/stores/AAAAAAAAAAAAAAAA/requests", owner.token, validRequest), 404, "not_found");
    expectRefusal(await fx.call("GET", "/api/requests/AAAAAAAAAAAAAAAAAAAAAA"), 404, "not_found");
    expectRefusal(await fx.call("POST", "/api/requests/AAAAAAAAAAAAAAAAAAAAAA/checkout", owner.token), 404, "not_found");
    expectRefusal(await fx.call("GET", `/api/payments/${zeroHash}`), 404, "not_found");
  });

  it("refuses a request on a store not registered on-chain yet (409 store_not_active)", async function () {
    const pending = await fx.call("POST", "/api/stores", owner.token, { name: "Second shop", currency: "EUR", loyaltyBps: 0 });
    expect(pending.status).to.equal(201);
    expect(pending.body.store).to.deep.include({ status: "pending", settlementToken: fx.deployment.tokens.EUR!.address, currency: "EUR" });
    expectRefusal(await fx.call("POST", `/api/stores/${pending.body.store.id}/requests`, owner.token, validRequest), 409, "store_not_active");
  });

  it("activates a store only from a receipt that shows its registration (400 not_registered, 409 merchant_claimed)", async function () {
    const pending = await fx.call("POST", "/api/stores", owner.token, { name: "Third shop", currency: "USD" });
    const storeId = pending.body.store.id;
    // Not mined (unknown hash), and a mined transaction that registered nobody (a faucet mint).
    expectRefusal(await fx.call("POST", `/api/stores/${storeId}/registered`, owner.token, { transactionHash: `0x${"ab".repeat(32)}` }), 400, "not_registered");
    const faucet = await fx.call("POST", "/api/faucet", owner.token);
    expectRefusal(await fx.call("POST", `/api/stores/${storeId}/registered`, owner.token, { transactionHash: faucet.body.transactionHash }), 400, "not_registered");
    // Another account's registration does not count for this owner.
    const theirs = await fx.openStore("Stranger's shop");
    const transactionHash = theirs.registration.receipt.receipt.transactionHash;
    expectRefusal(await fx.call("POST", `/api/stores/${storeId}/registered`, owner.token, { transactionHash }), 400, "not_registered");
    // The owner's own registration already backs the first store.
    const [first] = (await fx.call("GET", "/api/stores", owner.token)).body.stores.filter((s: any) => s.id === store.id);
    expect(first.status).to.equal("active");
    const mine = await fx.relayer.store.query<{ registration_tx: string }>("SELECT registration_tx FROM commerce_stores WHERE id = $1", [store.id]);
    expectRefusal(await fx.call("POST", `/api/stores/${storeId}/registered`, owner.token, { transactionHash: mine[0]!.registration_tx }), 409, "merchant_claimed");
    expect((await fx.call("GET", `/api/stores/${storeId}`)).body.store.status).to.equal("pending");
  });

  it("refuses to check out an expired request (410 request_expired)", async function () {
    const created = await fx.call("POST", `/api/stores/${store.id}/requests`, owner.token, { ...validRequest, orderRef: "R-expiring", expiresInSeconds: 60 });
    expect(created.status).to.equal(201);
    fx.clock.offsetMs += 61_000;
    try {
      const { body } = await fx.call("GET", `/api/requests/${created.body.request.id}`);
      expect(body.request.status).to.equal("expired");
      expectRefusal(await fx.call("POST", `/api/requests/${created.body.request.id}/checkout`, stranger.token), 410, "request_expired");
    } finally {
      fx.clock.offsetMs -= 61_000;
    }
  });

  it("checks out for an injected wallet naming itself, records its payment without a user operation, then refuses the paid request (409)", async function () {
    const wallet = createWalletClient({ account: devAccount(devAccountRoles.demoPayers[0]), chain: hardhat, transport: http(fx.chain.url) });
    await mintTestTokens({ publicClient: fx.publicClient, walletClient: fx.deployer }, fx.usd, wallet.account.address, parseUnits("10", 6));
    const created = await fx.call("POST", `/api/stores/${store.id}/requests`, owner.token, { ...validRequest, orderRef: "R-eoa" });
    const requestId = created.body.request.id;
    expectRefusal(await fx.call("POST", `/api/requests/${requestId}/checkout`), 401, "payer_required");
    const checkout = await fx.call("POST", `/api/requests/${requestId}/checkout`, undefined, { payer: wallet.account.address.toLowerCase() });
    expect(checkout.status).to.equal(200);
    expect(checkout.body.terms.payer).to.equal(wallet.account.address);
    const terms = termsFromJson(checkout.body.terms);
    await fx.publicClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({ address: fx.usd, abi: erc20Abi, functionName: "approve", args: [fx.escrow, terms.amount] }),
    });
    const hash = await wallet.writeContract({
      address: fx.escrow,
      abi: iPaymentEscrowAbi,
      functionName: "authorize",
      args: [terms, { points: 0n, coupon: { merchantId: 0n, couponId: zeroHash, discountBps: 0, discountAmount: 0n, maxUses: 0, expiry: 0, payer: wallet.account.address }, couponSignature: "0x" }],
    });
    const receipt = await fx.publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).to.equal("success");

    const payment = await fx.waitForPayment(checkout.body.paymentId, (p: any) => p.status === "authorized");
    expect(payment.events).to.have.length(1);
    expect(payment.events[0]).to.deep.include({ kind: "authorized", transactionHash: hash, userOpHash: null, blockNumber: Number(receipt.blockNumber) });
    await waitFor("request paid", async () => ((await fx.call("GET", `/api/requests/${requestId}`)).body.request.status === "paid" ? true : undefined));
    const paid = await fx.call("POST", `/api/requests/${requestId}/checkout`, stranger.token);
    expectRefusal(paid, 409, "request_paid");
    expect(paid.body.error.paymentId).to.equal(checkout.body.paymentId);
  });

  it("rate-limits the faucet to one drip per account per minute (429), then drips again", async function () {
    const user = await fx.signUp(0n);
    expect((await fx.call("POST", "/api/faucet", user.token)).status).to.equal(200);
    const limited = await fx.call("POST", "/api/faucet", user.token);
    expectRefusal(limited, 429, "faucet_rate_limited");
    expect(limited.body.error.retryAfterSeconds).to.be.within(59, 60);
    const balance = () => fx.publicClient.readContract({ address: fx.usd, abi: erc20Abi, functionName: "balanceOf", args: [user.address] });
    expect(await balance()).to.equal(parseUnits("100", 6));
    fx.clock.offsetMs += 61_000;
    try {
      expect((await fx.call("POST", "/api/faucet", user.token)).status).to.equal(200);
      expect(await balance()).to.equal(parseUnits("200", 6));
    } finally {
      fx.clock.offsetMs -= 61_000;
    }
    expectRefusal(await fx.call("POST", "/api/faucet"), 401, "unauthenticated");
  });

  it("has no faucet when FAUCET_ENABLED=false (404 faucet_disabled, config says so)", async function () {
    const relayer = await startTestRelayer(fx.chain.url, { DEPLOYMENT_FILE: fx.deploymentFile, FAUCET_ENABLED: "false" }, { store: fx.relayer.store, runExecutor: false });
    try {
      expectRefusal(await api(relayer.url, "POST", "/api/faucet", { token: owner.token }), 404, "faucet_disabled");
      expectRefusal(await api(relayer.url, "POST", "/api/faucet"), 404, "faucet_disabled");
      expect((await api(relayer.url, "GET", "/api/config")).body.faucet).to.equal(false);
    } finally {
      await relayer.close(); // leaves the shared store open
    }
  });

  it("answers malformed JSON and wrong types with 4xx and a reason, never 500", async function () {
    const cases: [string, "GET" | "POST", string, unknown, number, string][] = [
      ["malformed JSON", "POST", "/api/stores", "{name:", 400, "malformed_json"],
      ["no name", "POST", "/api/stores", { currency: "USD" }, 400, "invalid_input"],
      ["name too long", "POST", "/api/stores", { name: "x".repeat(65), currency: "USD" }, 400, "invalid_input"],
      ["unknown currency", "POST", "/api/stores", { name: "A", currency: "GBP" }, 400, "invalid_input"],
      ["loyalty over 100%", "POST", "/api/stores", { name: "A", currency: "USD", loyaltyBps: 10_001 }, 400, "invalid_input"],
      ["loyalty as a string", "POST", "/api/stores", { name: "A", currency: "USD", loyaltyBps: "100" }, 400, "invalid_input"],
      ["body is an array", "POST", "/api/stores", [1, 2], 400, "invalid_input"],
      ["amount as a number", "POST", `/api/stores/${store.id}/requests`, { ...validRequest, amount: 4500000 }, 400, "invalid_input"],
      ["amount with decimals", "POST", `/api/stores/${store.id}/requests`, { ...validRequest, amount: "4.5" }, 400, "invalid_input"],
      ["amount zero", "POST", `/api/stores/${store.id}/requests`, { ...validRequest, amount: "0", lineItems: [{ name: "Free", quantity: 1, unitPrice: "0" }] }, 400, "invalid_input"],
      ["amount over uint120", "POST", `/api/stores/${store.id}/requests`, { ...validRequest, amount: (2n ** 120n).toString() }, 400, "invalid_input"],
      ["negative unit price", "POST", `/api/stores/${store.id}/requests`, { ...validRequest, lineItems: [{ name: "Tea", quantity: 3, unitPrice: "-1" }] }, 400, "invalid_input"],
      ["fractional quantity", "POST", `/api/stores/${store.id}/requests`, { ...validRequest, lineItems: [{ name: "Tea", quantity: 1.5, unitPrice: "3000000" }] }, 400, "invalid_input"],
      ["quantity over 10000", "POST", `/api/stores/${store.id}/requests`, { ...validRequest, lineItems: [{ name: "Tea", quantity: 10_001, unitPrice: "1" }] }, 400, "invalid_input"],
      ["no line items", "POST", `/api/stores/${store.id}/requests`, { ...validRequest, lineItems: [] }, 400, "invalid_input"],
      ["51 line items", "POST", `/api/stores/${store.id}/requests`, { amount: "51", orderRef: "R", lineItems: Array.from({ length: 51 }, () => ({ name: "x", quantity: 1, unitPrice: "1" })) }, 400, "invalid_input"],
      ["item name too long", "POST", `/api/stores/${store.id}/requests`, { amount: "1", orderRef: "R", lineItems: [{ name: "x".repeat(81), quantity: 1, unitPrice: "1" }] }, 400, "invalid_input"],
      ["order ref too long", "POST", `/api/stores/${store.id}/requests`, { ...validRequest, orderRef: "x".repeat(65) }, 400, "invalid_input"],
      ["expiry under a minute", "POST", `/api/stores/${store.id}/requests`, { ...validRequest, expiresInSeconds: 59 }, 400, "invalid_input"],
      ["expiry over a week", "POST", `/api/stores/${store.id}/requests`, { ...validRequest, expiresInSeconds: 604_801 }, 400, "invalid_input"],
      ["transaction hash not hex", "POST", `/api/stores/${store.id}/registered`, { transactionHash: "0x1234" }, 400, "invalid_input"],
      ["payer not an address", "POST", "/api/requests/AAAAAAAAAAAAAAAAAAAAAA/checkout", { payer: "alice" }, 400, "invalid_input"],
      ["payment id not hex", "GET", "/api/payments/0xnothex", undefined, 400, "invalid_input"],
      ["store id with a slash-like char", "GET", "/api/stores/abc%2Fdef", undefined, 400, "invalid_input"],
      ["list limit zero", "GET", `/api/stores/${store.id}/requests?limit=0`, undefined, 400, "invalid_input"],
      ["list limit not a number", "GET", "/api/me/payments?limit=many", undefined, 400, "invalid_input"],
    ];
    for (const [what, method, path, body, status, reason] of cases) {
      const response = await fx.call(method, path, owner.token, body);
      expect(response.status, `${what}: ${JSON.stringify(response.body)}`).to.equal(status);
      expect(response.body.error?.reason, what).to.equal(reason);
    }
    expectRefusal(await fx.call("POST", "/api/stores", undefined, { name: "A", currency: "USD" }), 401, "unauthenticated");
    expectRefusal(await fx.call("GET", "/api/me/payments", "not-a-session"), 401, "unauthenticated");
  });
});
