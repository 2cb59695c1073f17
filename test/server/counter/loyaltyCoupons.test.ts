// Loyalty points and coupons through the counter's routes and the real escrow. The owner sets the rate
// on-chain; a capture earns points; the payer's points show per merchant; the checkout prices "use N
// points" and a coupon before anything is signed and the escrow takes exactly that; a refund burns the
// points the payment earned and gives back the ones it redeemed. Coupons are signed by the merchant's
// passkey account (ERC-1271) and refused before signing when used up, expired, for another payer or
// another merchant, or badly signed.
import { expect } from "chai";
import { erc20Abi, parseEventLogs, type Address } from "viem";
import { iPaymentEscrowAbi, loyaltyPointsAbi } from "@paykey/sdk/contracts";
import { couponFromJson, getCouponTypedData } from "@paykey/sdk/coupons";
import { merchantCalls, type CommerceFixture, type User } from "../helpers/commerceFixture.ts";
import { createRequest, hireCashier, payRequest, signCoupon, usd, type OpenStore, sharedCounterFixture } from "./helpers.ts";

describe("counter: loyalty points and coupons", function () {
  // The fixture (chain, deployment, relayer) and the on-chain set-up take a while on a loaded machine.
  this.timeout(180_000);
  let fx: CommerceFixture;
  let shop: OpenStore;
  let cashier: User;
  let payer: User;
  let loyalty: Address;

  const pointsOf = (holder: Address, store: OpenStore = shop) =>
    fx.publicClient.readContract({ address: loyalty, abi: loyaltyPointsAbi, functionName: "balanceOf", args: [holder, BigInt(store.store.merchantId)] });
  const usdOf = (holder: Address) => fx.publicClient.readContract({ address: fx.usd, abi: erc20Abi, functionName: "balanceOf", args: [holder] });
  const discount = (requestId: string, body: Record<string, unknown>, user: User = payer) => fx.call("POST", `/api/requests/${requestId}/discount`, user.token, body);
  const expectRefusal = (response: { status: number; body: any }, status: number, reason: string) => {
    expect(response.status, JSON.stringify(response.body)).to.equal(status);
    expect(response.body.error.reason).to.equal(reason);
    expect(response.body.error.message).to.be.a("string").and.not.equal("");
  };

  before(async function () {
    fx = await sharedCounterFixture();
    shop = await fx.openStore("Points Pantry");
    cashier = await hireCashier(fx, shop);
    payer = await fx.signUp(usd("100"));
    loyalty = await fx.publicClient.readContract({ address: fx.escrow, abi: iPaymentEscrowAbi, functionName: "loyaltyPoints" });
  });

  it("the owner sets the rate on-chain (5%); a cashier's capture earns the payer points, listed per merchant", async function () {
    const set = await fx.call("POST", `/api/stores/${shop.store.id}/loyalty`, shop.merchant.token, { loyaltyBps: 500 });
    await fx.sendCalls(shop.merchant, set.body.calls);
    const read = await fx.call("GET", `/api/stores/${shop.store.id}/loyalty`, cashier.token);
    expect(read.body).to.deep.equal({ loyaltyBps: 500, outstanding: "0", couponSigner: shop.merchant.address });
    const onChain = await fx.publicClient.readContract({ address: fx.escrow, abi: iPaymentEscrowAbi, functionName: "merchant", args: [BigInt(shop.store.merchantId)] });
    expect(onChain).to.include({ loyaltyBps: 500, payout: shop.merchant.address, couponSigner: shop.merchant.address, settlementToken: fx.usd });

    const request = await createRequest(fx, shop, usd("20"), cashier.token);
    const { terms } = await payRequest(fx, payer, request.id);
    await fx.sendCalls(cashier, merchantCalls.capture(fx.escrow, terms, terms.amount));
    expect(await pointsOf(payer.address)).to.equal(1_000_000n);
    expect((await fx.call("GET", `/api/stores/${shop.store.id}/loyalty`, shop.merchant.token)).body.outstanding).to.equal("1000000");
    const mine = await fx.call("GET", "/api/me/points", payer.token);
    expect(mine.body.points).to.deep.equal([
      { merchantId: shop.store.merchantId, balance: "1000000", store: { id: shop.store.id, name: "Points Pantry", currency: "USD", decimals: 6 } },
    ]);
  });

  it("prices points before signing, and the escrow takes exactly that; a refund burns what the capture earned and restores what was redeemed", async function () {
    const request = await createRequest(fx, shop, usd("5"));
    const offered = await discount(request.id, {});
    expect(offered.body).to.deep.include({ price: "5000000", points: "0", couponDiscount: "0", payerAmount: "5000000", pointsBalance: "1000000", maxPoints: "1000000", coupon: null });
    expectRefusal(await discount(request.id, { points: "1000001" }), 409, "insufficient_points");

    const before = await usdOf(payer.address);
    const { terms, quote, userOpHash } = await payRequest(fx, payer, request.id, { points: 400_000n });
    expect(quote).to.deep.include({ points: "400000", payerAmount: "4600000" });
    expect(before - (await usdOf(payer.address))).to.equal(4_600_000n);
    expect(await pointsOf(payer.address)).to.equal(600_000n);
    const receipt = await fx.bundlerClient.getUserOperationReceipt({ hash: userOpHash });
    const [authorized] = parseEventLogs({ abi: iPaymentEscrowAbi, logs: receipt.logs, eventName: "PaymentAuthorized" });
    expect(authorized!.args).to.include({ amount: 4_600_000n, price: 5_000_000n, pointsRedeemed: 400_000n });

    // Capture earns 5% of what was paid; the full refund burns it and restores the 400,000 redeemed.
    await fx.sendCalls(shop.merchant, merchantCalls.capture(fx.escrow, terms, 4_600_000n));
    expect(await pointsOf(payer.address)).to.equal(600_000n + 230_000n);
    await fx.sendCalls(shop.merchant, merchantCalls.refund(fx.escrow, terms, 4_600_000n));
    expect(await pointsOf(payer.address)).to.equal(600_000n + 230_000n - 230_000n + 400_000n);
  });

  it("a coupon signed by the merchant's passkey account gives its discount once, then is refused as used up", async function () {
    const signed = await signCoupon(fx, shop, { discountBps: 1_000, maxUses: 1 });
    const created = await fx.call("POST", `/api/stores/${shop.store.id}/coupons`, shop.merchant.token, { label: "Welcome 10%", ...signed });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const { code, url } = created.body.coupon;
    expect(code).to.match(/^[2-9A-HJ-NP-Z]{10}$/);
    expect(url).to.match(new RegExp(`/coupon/${code}$`));
    const open = await fx.call("GET", `/api/coupons/${code.toLowerCase().slice(0, 5)}-${code.toLowerCase().slice(5)}`);
    expect(open.body.coupon).to.deep.include({ code, label: "Welcome 10%", uses: 0, status: "active", coupon: signed.coupon, signature: signed.signature });

    const first = await createRequest(fx, shop, usd("8"));
    const { quote, userOpHash } = await payRequest(fx, payer, first.id, { couponCode: code });
    expect(quote).to.deep.include({ couponDiscount: "800000", payerAmount: "7200000", coupon: signed.coupon });
    const receipt = await fx.bundlerClient.getUserOperationReceipt({ hash: userOpHash });
    const [redeemed] = parseEventLogs({ abi: iPaymentEscrowAbi, logs: receipt.logs, eventName: "CouponRedeemed" });
    expect(redeemed!.args).to.include({ couponId: signed.coupon.couponId, uses: 1 });
    expect((await fx.call("GET", `/api/coupons/${code}`)).body.coupon).to.include({ uses: 1, status: "used_up" });
    expect((await fx.call("GET", `/api/stores/${shop.store.id}/coupons`, shop.merchant.token)).body.coupons[0]).to.include({ code, uses: 1, status: "used_up" });

    const second = await createRequest(fx, shop, usd("8"));
    expectRefusal(await discount(second.id, { couponCode: code }), 409, "coupon_used_up");
  });

  it("refuses before signing a coupon for another payer, for another merchant, expired, or covering the whole price", async function () {
    const request = await createRequest(fx, shop, usd("6"));
    const stranger = await fx.signUp(0n);
    const forStranger = await signCoupon(fx, shop, { payer: stranger.address });
    const personal = await fx.call("POST", `/api/stores/${shop.store.id}/coupons`, shop.merchant.token, { label: "Just for you", ...forStranger });
    expectRefusal(await discount(request.id, { couponCode: personal.body.coupon.code }), 403, "coupon_wrong_payer");
    expect((await discount(request.id, { couponCode: personal.body.coupon.code }, stranger)).body).to.include({ couponDiscount: "600000" });

    const elsewhere = await fx.openStore("Elsewhere Deli");
    const theirs = await fx.call("POST", `/api/stores/${elsewhere.store.id}/coupons`, elsewhere.merchant.token, { label: "Deli", ...(await signCoupon(fx, elsewhere)) });
    const wrongMerchant = await discount(request.id, { couponCode: theirs.body.coupon.code });
    expectRefusal(wrongMerchant, 409, "coupon_wrong_merchant");
    expect(wrongMerchant.body.error.message).to.contain("Elsewhere Deli");

    const huge = await fx.call("POST", `/api/stores/${shop.store.id}/coupons`, shop.merchant.token, {
      label: "Everything",
      ...(await signCoupon(fx, shop, { discountBps: 0, discountAmount: usd("6") })),
    });
    expectRefusal(await discount(request.id, { couponCode: huge.body.coupon.code }), 409, "discount_covers_price");

    const { timestamp } = await fx.publicClient.getBlock();
    const soon = await fx.call("POST", `/api/stores/${shop.store.id}/coupons`, shop.merchant.token, {
      label: "Flash",
      ...(await signCoupon(fx, shop, { expiry: Number(timestamp) + 120 })),
    });
    expect((await discount(request.id, { couponCode: soon.body.coupon.code })).status).to.equal(200);
    await fx.publicClient.request({ method: "evm_increaseTime" as never, params: [300] as never });
    await fx.publicClient.request({ method: "evm_mine" as never, params: [] as never });
    expectRefusal(await discount(request.id, { couponCode: soon.body.coupon.code }), 410, "coupon_expired");
    expect((await fx.call("GET", `/api/coupons/${soon.body.coupon.code}`)).body.coupon.status).to.equal("expired");
    expectRefusal(await discount(request.id, { couponCode: "ZZZZZZZZZZ" }), 404, "coupon_not_found");
  });

  it("takes only coupons the merchant's coupon signer signed, valid and new (400/409 with a reason)", async function () {
    const post = (body: unknown) => fx.call("POST", `/api/stores/${shop.store.id}/coupons`, shop.merchant.token, body);
    const good = await signCoupon(fx, shop);
    // The same coupon signed by another account (the payer's passkey account): not the coupon signer.
    const forged = await payer.account.signTypedData(getCouponTypedData({ escrow: fx.escrow, chainId: 31337, coupon: couponFromJson(good.coupon) }));
    expectRefusal(await post({ label: "Forged", coupon: good.coupon, signature: forged }), 400, "coupon_signature_invalid");
    expectRefusal(await post({ label: "Tampered", coupon: { ...good.coupon, discountBps: 5_000 }, signature: good.signature }), 400, "coupon_signature_invalid");
    const both = await signCoupon(fx, shop, { discountBps: 1_000, discountAmount: 1n });
    expectRefusal(await post({ label: "Both", ...both }), 400, "coupon_invalid");
    const other = await fx.openStore("Not Mine");
    expectRefusal(await post({ label: "Theirs", ...(await signCoupon(fx, other)) }), 409, "coupon_wrong_merchant");
    expect((await post({ label: "Good", ...good })).status).to.equal(201);
    expectRefusal(await post({ label: "Again", ...good }), 409, "coupon_exists");
    expect((await post({ label: "Bad", coupon: { ...good.coupon, couponId: "0x12" }, signature: good.signature })).status).to.equal(400);
  });
});
