// The commerce flow end to end with software passkeys and 0 ETH for both users: a merchant
// signs up, opens a store and registers it on-chain with a sponsored user operation; creates
// a 12.34 USD request with two line items; a payer signs up, takes faucet funds, checks out
// and pays through viem's bundler and paymaster clients; the indexer marks the request paid;
// the merchant captures, then refunds 2.00; the receipt shows each step with its user
// operation, and the on-chain line-items hash is the hash of the request's line items.
import { expect } from "chai";
import { erc20Abi, getAddress, parseEventLogs, parseUnits, type Hex } from "viem";
import { hashLineItems, orderRefHash } from "@paykey/sdk/commerce";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import { buildPaymentCalls } from "@paykey/sdk/wallet";
import { devAccount, devAccountRoles } from "../../../scripts/lib/devAccounts.ts";
import { termsFromJson } from "@paykey/sdk/commerce";
import { sharedCommerceFixture, merchantCalls, waitFor, type CommerceFixture } from "../helpers/commerceFixture.ts";

describe("commerce: store → request → passkey payment → capture → refund", function () {
  let fx: CommerceFixture;
  let merchant: Awaited<ReturnType<CommerceFixture["openStore"]>>;
  let payer: Awaited<ReturnType<CommerceFixture["signUp"]>>;
  let request: any;
  let checkout: { paymentId: Hex; terms: any };
  const steps: Record<string, { userOpHash: Hex; transactionHash: Hex; blockNumber: bigint; logIndex: number }> = {};

  const usd = (value: string) => parseUnits(value, 6);
  const balanceOf = (address: Hex) => fx.publicClient.readContract({ address: fx.usd, abi: erc20Abi, functionName: "balanceOf", args: [address] });

  before(async function () {
    fx = await sharedCommerceFixture();
  });

  /** The escrow event of kind `eventName` in a user operation's receipt. */
  function escrowLog<E extends "PaymentAuthorized" | "PaymentCaptured" | "PaymentRefunded">(
    receipt: Awaited<ReturnType<CommerceFixture["sendCalls"]>>["receipt"],
    eventName: E,
  ) {
    const [log] = parseEventLogs({ abi: iPaymentEscrowAbi, logs: receipt.receipt.logs, eventName });
    expect(log, eventName).to.not.equal(undefined);
    return log!;
  }

  it("registers a store on-chain from the merchant's passkey account and activates it from the receipt", async function () {
    merchant = await fx.openStore("Corner Café", "USD");
    const owner = merchant.merchant.address;
    expect(merchant.created.store).to.deep.include({ status: "pending", merchantId: null, feeBps: null, ownerAccount: owner, payout: owner, settlementToken: fx.usd });
    expect(merchant.created.calls).to.have.length(1);
    expect(merchant.created.calls[0].to).to.equal(fx.escrow);

    const [registered] = parseEventLogs({ abi: iPaymentEscrowAbi, logs: merchant.registration.receipt.receipt.logs, eventName: "MerchantRegistered" });
    expect(registered!.args.owner).to.equal(owner);
    expect(merchant.store).to.deep.equal({
      ...merchant.created.store,
      status: "active",
      merchantId: registered!.args.merchantId.toString(),
      feeBps: fx.deployment.defaultFeeBps,
    });
    const onChain = await fx.publicClient.readContract({ address: fx.escrow, abi: iPaymentEscrowAbi, functionName: "merchant", args: [registered!.args.merchantId] });
    expect(onChain.payout).to.equal(owner);
    expect(onChain.settlementToken).to.equal(fx.usd);
    expect(await fx.publicClient.getBalance({ address: owner })).to.equal(0n);

    expect((await fx.call("GET", "/api/stores", merchant.merchant.token)).body).to.deep.equal({ stores: [merchant.store] });
    expect((await fx.call("GET", `/api/stores/${merchant.store.id}`)).body).to.deep.equal({ store: merchant.store });
  });

  it("creates a 12.34 USD request whose two line items add up to it", async function () {
    const lineItems = [
      { name: "Flat white", quantity: 2, unitPrice: "4120000" },
      { name: "Croissant", quantity: 1, unitPrice: "4100000" },
    ];
    const response = await fx.call("POST", `/api/stores/${merchant.store.id}/requests`, merchant.merchant.token, {
      amount: "12340000",
      orderRef: "INV-2024-0042",
      lineItems,
    });
    expect(response.status).to.equal(201);
    request = response.body.request;
    expect(request).to.deep.include({
      storeId: merchant.store.id,
      amount: "12340000",
      currency: "USD",
      token: fx.usd,
      decimals: 6,
      orderRef: "INV-2024-0042",
      lineItemsHash: hashLineItems(lineItems),
      status: "open",
      paymentId: null,
      url: `http://localhost:5173/pay/${request.id}`,
    });
    expect(request.lineItems).to.deep.equal(lineItems);
    expect(request.store).to.deep.equal({ name: "Corner Café", merchantId: merchant.store.merchantId, payout: merchant.merchant.address, feeBps: 100 });
    expect(request.id).to.match(/^[A-Za-z0-9_-]{22}$/); // 128 random bits
    expect(new Date(request.expiresAt).getTime() - new Date(request.createdAt).getTime()).to.equal(86_400_000);
    expect((await fx.call("GET", `/api/requests/${request.id}`)).body).to.deep.equal({ request });
    expect((await fx.call("GET", `/api/stores/${merchant.store.id}/requests`, merchant.merchant.token)).body).to.deep.equal({ requests: [request] });
  });

  it("funds a new payer from the faucet and pays the request with a passkey through the bundler (0 ETH)", async function () {
    payer = await fx.signUp(0n);
    const faucet = await fx.call("POST", "/api/faucet", payer.token);
    expect(faucet.status).to.equal(200);
    expect(faucet.body.amounts).to.deep.equal([
      { currency: "USD", amount: "100000000" },
      { currency: "EUR", amount: "100000000" },
    ]);
    expect(faucet.body.transactionHashes).to.have.length(2);
    expect(faucet.body.transactionHash).to.equal(faucet.body.transactionHashes[1]);
    expect(await balanceOf(payer.address)).to.equal(usd("100"));

    const response = await fx.call("POST", `/api/requests/${request.id}/checkout`, payer.token);
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    checkout = response.body;
    const terms = termsFromJson(checkout.terms);
    const { timestamp } = await fx.publicClient.getBlock();
    expect(checkout.terms).to.deep.include({
      merchantId: merchant.store.merchantId,
      payer: payer.address,
      token: fx.usd,
      amount: "12340000",
      feeBps: 100,
      orderRef: orderRefHash("INV-2024-0042"),
      lineItemsHash: request.lineItemsHash,
    });
    expect(terms.authorizationExpiry - Number(timestamp)).to.be.within(7 * 86_400 - 5, 7 * 86_400);
    expect(terms.refundDeadline - terms.authorizationExpiry).to.equal(23 * 86_400);
    expect(checkout.paymentId).to.equal(await fx.publicClient.readContract({ address: fx.escrow, abi: iPaymentEscrowAbi, functionName: "getPaymentId", args: [terms] }));
    // Asking again gives the same checkout.
    expect((await fx.call("POST", `/api/requests/${request.id}/checkout`, payer.token)).body).to.deep.equal(checkout);

    const { userOpHash, receipt } = await fx.sendCalls(payer, buildPaymentCalls({ escrowAddress: fx.escrow, terms }));
    const authorized = escrowLog(receipt, "PaymentAuthorized");
    expect(authorized.args.paymentId).to.equal(checkout.paymentId);
    steps.authorized = { userOpHash, transactionHash: receipt.receipt.transactionHash, blockNumber: receipt.receipt.blockNumber, logIndex: authorized.logIndex };
    expect(await fx.publicClient.getBalance({ address: payer.address })).to.equal(0n);
    expect(await balanceOf(payer.address)).to.equal(usd("87.66"));
  });

  it("indexes the authorization: the request is paid, the payment authorized with its user operation", async function () {
    const paid = await waitFor("request paid", async () => {
      const { body } = await fx.call("GET", `/api/requests/${request.id}`);
      return body.request.status === "paid" ? body.request : undefined;
    });
    expect(paid.paymentId).to.equal(checkout.paymentId);

    const payment = await fx.waitForPayment(checkout.paymentId, (p: any) => p.status === "authorized");
    expect(payment).to.deep.include({ paymentId: checkout.paymentId, authorized: "12340000", captured: "0", refunded: "0", payer: payer.address });
    expect(payment.terms).to.deep.equal(checkout.terms);
    expect(payment.store).to.deep.equal({ id: merchant.store.id, name: "Corner Café", merchantId: merchant.store.merchantId, payout: merchant.merchant.address });
    expect(payment.request).to.deep.equal({
      id: request.id,
      orderRef: "INV-2024-0042",
      lineItems: request.lineItems,
      lineItemsHash: request.lineItemsHash,
      currency: "USD",
      decimals: 6,
    });
    const block = await fx.publicClient.getBlock({ blockNumber: steps.authorized!.blockNumber });
    expect(payment.events).to.deep.equal([
      {
        kind: "authorized",
        amount: "12340000",
        transactionHash: steps.authorized!.transactionHash,
        blockNumber: Number(steps.authorized!.blockNumber),
        logIndex: steps.authorized!.logIndex,
        userOpHash: steps.authorized!.userOpHash,
        timestamp: new Date(Number(block.timestamp) * 1000).toISOString(),
      },
    ]);
    // Paying again is refused: the request is paid.
    const again = await fx.call("POST", `/api/requests/${request.id}/checkout`, payer.token);
    expect(again.status).to.equal(409);
    expect(again.body.error).to.deep.include({ reason: "request_paid", code: "request_paid", paymentId: checkout.paymentId });
  });

  it("captures and refunds 2.00 from the merchant's account; the payment shows authorized → captured → refunded", async function () {
    const terms = termsFromJson(checkout.terms);
    const capture = await fx.sendCalls(merchant.merchant, merchantCalls.capture(fx.escrow, terms, usd("12.34")));
    const captured = escrowLog(capture.receipt, "PaymentCaptured");
    steps.captured = { userOpHash: capture.userOpHash, transactionHash: capture.receipt.receipt.transactionHash, blockNumber: capture.receipt.receipt.blockNumber, logIndex: captured.logIndex };
    expect(captured.args.fee).to.equal(usd("0.1234"));
    expect(await balanceOf(merchant.merchant.address)).to.equal(usd("12.2166"));
    await fx.waitForPayment(checkout.paymentId, (p: any) => p.status === "captured");

    const refund = await fx.sendCalls(merchant.merchant, merchantCalls.refund(fx.escrow, terms, usd("2")));
    const refunded = escrowLog(refund.receipt, "PaymentRefunded");
    steps.refunded = { userOpHash: refund.userOpHash, transactionHash: refund.receipt.receipt.transactionHash, blockNumber: refund.receipt.receipt.blockNumber, logIndex: refunded.logIndex };
    expect(await balanceOf(payer.address)).to.equal(usd("89.66"));
    expect(await balanceOf(merchant.merchant.address)).to.equal(usd("10.2166"));
    expect(await fx.publicClient.getBalance({ address: merchant.merchant.address })).to.equal(0n);

    const payment = await fx.waitForPayment(checkout.paymentId, (p: any) => p.status === "refunded");
    expect(payment).to.deep.include({ status: "refunded", authorized: "12340000", captured: "12340000", refunded: "2000000" });
    expect(payment.events.map((event: any) => [event.kind, event.amount, event.userOpHash, event.transactionHash, event.blockNumber, event.logIndex])).to.deep.equal(
      (["authorized", "captured", "refunded"] as const).map((kind) => [
        kind,
        { authorized: "12340000", captured: "12340000", refunded: "2000000" }[kind],
        steps[kind]!.userOpHash,
        steps[kind]!.transactionHash,
        Number(steps[kind]!.blockNumber),
        steps[kind]!.logIndex,
      ]),
    );
  });

  it("the receipt verifies against the chain: the on-chain line-items hash and order reference match the request", async function () {
    const { body } = await fx.call("GET", `/api/payments/${checkout.paymentId}`);
    const logs = await fx.publicClient.getContractEvents({
      address: fx.escrow,
      abi: iPaymentEscrowAbi,
      eventName: "PaymentAuthorized",
      args: { paymentId: checkout.paymentId },
      fromBlock: 0n,
    });
    expect(logs).to.have.length(1);
    expect(logs[0]!.args.lineItemsHash).to.equal(hashLineItems(body.payment.request.lineItems));
    expect(logs[0]!.args.orderRef).to.equal(orderRefHash(body.payment.request.orderRef));
    expect(logs[0]!.args.price).to.equal(BigInt(body.payment.authorized));
  });

  it("lists the payment for the store's owner and for the payer, newest first", async function () {
    const { body: theirs } = await fx.call("GET", `/api/stores/${merchant.store.id}/payments`, merchant.merchant.token);
    expect(theirs.payments.map((p: any) => p.paymentId)).to.deep.equal([checkout.paymentId]);
    const { body: mine } = await fx.call("GET", "/api/me/payments", payer.token);
    expect(mine.payments).to.deep.equal(theirs.payments);
    // The fixture's EOA merchant's payments are not this store's, and the merchant paid nothing.
    expect((await fx.call("GET", "/api/me/payments", merchant.merchant.token)).body).to.deep.equal({ payments: [] });
    expect(getAddress(devAccount(devAccountRoles.demoMerchant).address)).to.not.equal(merchant.merchant.address);
  });
});
