// What a cashier may do at the escrow, both ways. The relayer: it sponsors a cashier's capture and a
// void up to the store's limit, and refuses (operator_not_permitted) a cashier's refund, a void above
// the limit, and anything from a cashier the owner removed. The chain: payout, coupon signer, loyalty
// rate and operators stay with the owner (NotMerchantOwner), and a cashier whose operator role the owner
// revoked cannot capture (NotMerchantOperator). What the chain does not enforce is shown too: an
// operator's refund passes the operator check and is paid from the operator's own balance.
import { expect } from "chai";
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, erc20Abi, parseGwei, type Address, type Hex } from "viem";
import { iPaymentEscrowAbi, testStablecoinAbi } from "@paykey/sdk/contracts";
import type { WalletCall } from "@paykey/sdk/wallet";
import { rpcForm } from "../helpers/fixture.ts";
import { merchantCalls, type CommerceFixture, type User } from "../helpers/commerceFixture.ts";
import { createRequest, hireCashier, payRequest, usd, type OpenStore, sharedCounterFixture } from "./helpers.ts";

const errorsAbi = [...iPaymentEscrowAbi, ...testStablecoinAbi];

describe("counter: what a cashier may do at the escrow (relayer and chain)", function () {
  // The fixture (chain, deployment, relayer) and the on-chain set-up take a while on a loaded machine.
  this.timeout(180_000);
  let fx: CommerceFixture;
  let shop: OpenStore;
  let cashier: User;
  let payer: User;
  let nonce = 1_000n;

  const balanceOf = (owner: Address) => fx.publicClient.readContract({ address: fx.usd, abi: erc20Abi, functionName: "balanceOf", args: [owner] });

  /** The paymaster's answer to a stub request for `calls` from `user` (no signature needed to be refused). */
  async function sponsorStub(user: User, calls: readonly WalletCall[]) {
    nonce += 1n;
    const op = {
      sender: user.address,
      nonce,
      callData: await user.account.encodeCalls(calls.map((call) => ({ ...call, value: 0n }))),
      maxFeePerGas: parseGwei("2"),
      maxPriorityFeePerGas: parseGwei("1"),
      callGasLimit: 100_000n,
      verificationGasLimit: 300_000n,
      preVerificationGas: 60_000n,
    };
    return fx.rpc("pm_getPaymasterStubData", [rpcForm(op), fx.entryPoint, "0x7a69", {}]);
  }

  /** The escrow's custom error when `account` makes this call (eth_call from that account). */
  async function revertOf(account: Address, functionName: string, args: readonly unknown[]): Promise<string | undefined> {
    try {
      await fx.publicClient.simulateContract({ account, address: fx.escrow, abi: errorsAbi, functionName: functionName as never, args: args as never });
      return undefined;
    } catch (error) {
      const reverted = (error as BaseError).walk((inner) => inner instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
      if (reverted?.data) return reverted.data.errorName;
      // EDR reports some reverts as "invalid params" with the data only in the message.
      const data = /return data: (0x[0-9a-f]+)/.exec((error as Error).message)?.[1] as Hex | undefined;
      return data ? decodeErrorResult({ abi: errorsAbi, data }).errorName : "unknown";
    }
  }

  async function paidSale(amount: bigint) {
    const request = await createRequest(fx, shop, amount, cashier.token);
    return payRequest(fx, payer, request.id);
  }

  before(async function () {
    fx = await sharedCounterFixture();
    shop = await fx.openStore("Limits Deli");
    cashier = await hireCashier(fx, shop);
    payer = await fx.signUp(usd("200"));
    const limit = await fx.call("POST", `/api/stores/${shop.store.id}/counter`, shop.merchant.token, { cashierVoidLimit: usd("5").toString() });
    expect(limit.body.cashierVoidLimit).to.equal("5000000");
  });

  it("sponsors a cashier's capture: mined, and the merchant's payout receives it net of the fee", async function () {
    const { terms } = await paidSale(usd("12"));
    const before = await balanceOf(shop.merchant.address);
    const { receipt } = await fx.sendCalls(cashier, merchantCalls.capture(fx.escrow, terms, terms.amount));
    expect(receipt.success).to.equal(true);
    expect((await balanceOf(shop.merchant.address)) - before).to.equal(usd("12") - (usd("12") * 100n) / 10_000n);
    expect(await balanceOf(cashier.address)).to.equal(0n);
  });

  it("refuses to sponsor a cashier's refund (operator_not_permitted); the owner's refund goes through", async function () {
    const { terms } = await paidSale(usd("8"));
    await fx.sendCalls(cashier, merchantCalls.capture(fx.escrow, terms, terms.amount));
    const refused = await sponsorStub(cashier, merchantCalls.refund(fx.escrow, terms, usd("1")));
    expect(refused.error?.code).to.equal(-32501);
    expect(refused.error?.data).to.deep.include({ reason: "operator_not_permitted", operation: "refund", merchantId: shop.store.merchantId, cashier: cashier.address });

    const payerBefore = await balanceOf(payer.address);
    const { receipt } = await fx.sendCalls(shop.merchant, merchantCalls.refund(fx.escrow, terms, usd("1")));
    expect(receipt.success).to.equal(true);
    expect((await balanceOf(payer.address)) - payerBefore).to.equal(usd("1"));
  });

  it("sponsors a cashier's void up to the store's limit and refuses one above it; the owner voids that one", async function () {
    const small = await paidSale(usd("4"));
    expect((await fx.sendCalls(cashier, merchantCalls.void(fx.escrow, small.terms))).receipt.success).to.equal(true);

    const large = await paidSale(usd("6"));
    const refused = await sponsorStub(cashier, merchantCalls.void(fx.escrow, large.terms));
    expect(refused.error?.data).to.deep.include({ reason: "operator_not_permitted", operation: "void", amount: "6000000", limit: "5000000" });
    const payerBefore = await balanceOf(payer.address);
    expect((await fx.sendCalls(shop.merchant, merchantCalls.void(fx.escrow, large.terms))).receipt.success).to.equal(true);
    expect((await balanceOf(payer.address)) - payerBefore).to.equal(usd("6"));
  });

  it("on-chain, payout, coupon signer, loyalty rate and operators stay with the owner (NotMerchantOwner)", async function () {
    const merchantId = BigInt(shop.store.merchantId);
    expect(await revertOf(cashier.address, "updateMerchant", [merchantId, cashier.address, fx.usd, cashier.address, 100])).to.equal("NotMerchantOwner");
    expect(await revertOf(cashier.address, "setMerchantOperator", [merchantId, payer.address, true])).to.equal("NotMerchantOwner");
    expect(await revertOf(cashier.address, "transferMerchantOwnership", [merchantId, cashier.address])).to.equal("NotMerchantOwner");
    expect(await revertOf(shop.merchant.address, "updateMerchant", [merchantId, shop.merchant.address, fx.usd, shop.merchant.address, 150])).to.equal(undefined);
  });

  it("what the chain leaves to the relayer: an operator's refund passes the operator check and is paid from its own balance", async function () {
    const { terms } = await paidSale(usd("3"));
    await fx.sendCalls(cashier, merchantCalls.capture(fx.escrow, terms, terms.amount));
    // Not NotMerchantOperator: the escrow pulls the refund from the cashier, who has no allowance (and no money).
    expect(await revertOf(cashier.address, "refund", [terms, usd("1")])).to.equal("ERC20InsufficientAllowance");
    expect(await revertOf(payer.address, "refund", [terms, usd("1")])).to.equal("NotMerchantOperator");
  });

  it("a removed cashier is refused by the relayer at once, and by the chain once the owner's revocation is mined", async function () {
    const { terms } = await paidSale(usd("2"));
    const removed = await fx.call("POST", `/api/stores/${shop.store.id}/cashiers/${cashier.address}/remove`, shop.merchant.token, {});
    expect(removed.body.cashier).to.include({ status: "removed", onChain: true });
    expect(removed.body.calls).to.have.length(1);
    // Off-chain at once: no counter, no sponsorship, though the chain still lists the operator.
    expect((await fx.call("GET", `/api/stores/${shop.store.id}/counter`, cashier.token)).status).to.equal(403);
    const refused = await sponsorStub(cashier, merchantCalls.capture(fx.escrow, terms, terms.amount));
    expect(refused.error?.data).to.deep.include({ reason: "operator_not_permitted", operation: "capture" });
    expect(await revertOf(cashier.address, "capture", [terms, terms.amount])).to.equal(undefined);

    await fx.sendCalls(shop.merchant, removed.body.calls);
    const synced = await fx.call("POST", `/api/stores/${shop.store.id}/cashiers/${cashier.address}/sync`, shop.merchant.token, {});
    expect(synced.body.cashier).to.include({ status: "removed", onChain: false });
    expect(await revertOf(cashier.address, "capture", [terms, terms.amount])).to.equal("NotMerchantOperator");
  });
});
