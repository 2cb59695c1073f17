// The escrow's EIP-712 shapes as a TypeScript client (relayer, web app) builds them with viem:
// payment id, coupon signature and the EIP-3009 authorization a payer signs for a relayed charge.
// Runs against the in-process chain with the real contracts; nothing is mocked.
import { describe, it, before } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { hashTypedData, keccak256, maxUint256, parseEventLogs, toHex, zeroAddress, type Address } from "viem";
import { paymentEscrowAbi } from "@paykey/sdk/contracts";
import { noDiscount } from "@paykey/sdk/wallet";
import { deployEscrow, deployTestStablecoin } from "../helpers/escrowDeployment.ts";
import { orderTerms } from "../helpers/payments.ts";
import { fundedWallets } from "../helpers/wallets.ts";

const paymentTermsTypes = {
  PaymentTerms: [
    { name: "merchantId", type: "uint256" },
    { name: "payer", type: "address" },
    { name: "token", type: "address" },
    { name: "amount", type: "uint256" },
    { name: "feeBps", type: "uint16" },
    { name: "authorizationExpiry", type: "uint48" },
    { name: "refundDeadline", type: "uint48" },
    { name: "orderRef", type: "bytes32" },
    { name: "lineItemsHash", type: "bytes32" },
    { name: "salt", type: "uint256" },
  ],
} as const;

const couponTypes = {
  Coupon: [
    { name: "merchantId", type: "uint256" },
    { name: "couponId", type: "bytes32" },
    { name: "discountBps", type: "uint16" },
    { name: "discountAmount", type: "uint120" },
    { name: "maxUses", type: "uint32" },
    { name: "expiry", type: "uint48" },
    { name: "payer", type: "address" },
  ],
} as const;

const receiveWithAuthorizationTypes = {
  ReceiveWithAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
} as const;

const PRICE = 25_000_000n;
const FEE_BPS = 100;

describe("PaymentEscrow typed data from viem", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    ctx = await setup();
  });

  async function setup() {
    const { viem, networkHelpers } = await network.create();
    const publicClient = await viem.getPublicClient();
    const [platform, payer, merchantOwner, payout, feeReceiver, couponSigner, relayer] = await fundedWallets(viem, 7);
    const usdc = await deployTestStablecoin(viem, platform.account.address);
    const escrow = await deployEscrow(viem, { owner: platform.account.address, feeBps: FEE_BPS, feeReceiver: feeReceiver.account.address, token: usdc.address });
    await escrow.write.registerMerchant([payout.account.address, usdc.address, couponSigner.account.address, 100], {
      account: merchantOwner.account,
    });
    await usdc.write.mint([payer.account.address, 1_000_000_000n]);
    const chainId = await publicClient.getChainId();
    const now = BigInt(await networkHelpers.time.latest());
    const terms = orderTerms({
      merchantId: 1n,
      payer: payer.account.address,
      token: usdc.address,
      amount: PRICE,
      feeBps: FEE_BPS,
      salt: 1n,
      now,
      orderRef: "INV-1001",
      lineItems: '[{"sku":"espresso","qty":2}]',
    });
    const escrowDomain = { name: "Paykey PaymentEscrow", version: "1", chainId, verifyingContract: escrow.address };
    return { viem, publicClient, payer, payout, feeReceiver, couponSigner, relayer, usdc, escrow, chainId, now, terms, escrowDomain };
  }

  it("computes the payment id exactly as the escrow does", async () => {
    const { escrow, terms, escrowDomain } = ctx;
    const expected = hashTypedData({
      domain: escrowDomain,
      types: paymentTermsTypes,
      primaryType: "PaymentTerms",
      message: terms,
    });
    expect(await escrow.read.getPaymentId([terms])).to.equal(expected);
  });

  it("charges with a viem-signed coupon and an EIP-3009 authorization submitted by a relayer", async () => {
    const { escrow, usdc, terms, escrowDomain, couponSigner, payer, relayer, payout, feeReceiver, publicClient, chainId, now } = ctx;
    const coupon = {
      merchantId: 1n,
      couponId: keccak256(toHex("WELCOME10")),
      discountBps: 1_000,
      discountAmount: 0n,
      maxUses: 100,
      expiry: Number(now + 7n * 86_400n),
      payer: zeroAddress as Address,
    };
    const couponSignature = await couponSigner.signTypedData({
      domain: escrowDomain,
      types: couponTypes,
      primaryType: "Coupon",
      message: coupon,
    });
    expect(await escrow.read.getCouponDigest([coupon])).to.equal(
      hashTypedData({ domain: escrowDomain, types: couponTypes, primaryType: "Coupon", message: coupon }),
    );
    const discount = { points: 0n, coupon, couponSignature };
    const payerAmount = await escrow.read.quote([terms, discount]);
    expect(payerAmount).to.equal(PRICE - PRICE / 10n);

    // The payer signs once, off-chain; the nonce binds these terms and this discount.
    const nonce = await escrow.read.authorizationNonce([terms, discount]);
    const validBefore = now + 3_600n;
    const signature = await payer.signTypedData({
      domain: { name: "Paykey Test USD", version: "1", chainId, verifyingContract: usdc.address },
      types: receiveWithAuthorizationTypes,
      primaryType: "ReceiveWithAuthorization",
      message: { from: payer.account.address, to: escrow.address, value: payerAmount, validAfter: 0n, validBefore, nonce },
    });
    const r = `0x${signature.slice(2, 66)}` as const;
    const s = `0x${signature.slice(66, 130)}` as const;
    const v = Number.parseInt(signature.slice(130, 132), 16);

    const hash = await escrow.write.chargeWithReceiveAuthorization([terms, discount, 0n, validBefore, v, r, s], {
      account: relayer.account,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const events = parseEventLogs({ abi: paymentEscrowAbi, logs: receipt.logs });
    const authorized = events.find((event) => event.eventName === "PaymentAuthorized");
    const captured = events.find((event) => event.eventName === "PaymentCaptured");
    expect(authorized?.args).to.include({
      amount: payerAmount,
      price: PRICE,
      couponId: coupon.couponId,
      couponDiscount: PRICE / 10n,
    });
    const fee = (payerAmount * BigInt(FEE_BPS)) / 10_000n;
    expect(captured?.args).to.include({
      amount: payerAmount,
      fee,
      orderRef: terms.orderRef,
      lineItemsHash: terms.lineItemsHash,
    });
    expect(await usdc.read.balanceOf([payout.account.address])).to.equal(payerAmount - fee);
    expect(await usdc.read.balanceOf([feeReceiver.account.address])).to.equal(fee);
    expect(await escrow.read.couponUses([1n, coupon.couponId])).to.equal(1);
  });

  it("lets the payer reclaim after expiry with the relayer gone", async () => {
    const { escrow, usdc, terms, payer, viem } = ctx;
    const reclaimable = { ...terms, salt: 2n };
    await usdc.write.approve([escrow.address, maxUint256], { account: payer.account });
    await escrow.write.authorize([reclaimable, noDiscount], { account: payer.account });
    const before = await usdc.read.balanceOf([payer.account.address]);
    const testClient = await viem.getTestClient();
    await testClient.setNextBlockTimestamp({ timestamp: BigInt(reclaimable.authorizationExpiry) + 1n });
    await escrow.write.reclaim([reclaimable], { account: payer.account });
    expect(await usdc.read.balanceOf([payer.account.address])).to.equal(before + PRICE);
  });
});
