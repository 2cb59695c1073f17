// A payer and the fixture's merchant acting on the escrow with plain transactions from
// development EOAs (the ledger's tests need many payments with exact amounts, discounts and
// timing; how a call reaches the chain does not matter to the indexer): pay with an optional
// coupon (signed by the merchant, its coupon signer) and loyalty points, capture, void,
// refund, reclaim.
import { createWalletClient, erc20Abi, http, keccak256, parseEventLogs, toHex, type Address, type Hex, type PublicClient } from "viem";
import { hardhat } from "viem/chains";
import { devAccount, devAccountRoles } from "../../../scripts/lib/devAccounts.ts";
import { mintTestTokens } from "../../../scripts/deploy.ts";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import { noDiscount, type PaymentDiscount, type PaymentTerms } from "@paykey/sdk/wallet";
import type { deployOn } from "../helpers/fixture.ts";

type Deployed = Pick<Awaited<ReturnType<typeof deployOn>>, "deployment" | "usd" | "merchantId" | "deployer"> & { publicClient: PublicClient };

export type Payment = { terms: PaymentTerms; paymentId: Hex; blockNumber: bigint; transactionHash: Hex };

export type PayOptions = {
  /** `charge` captures at once. */
  operation?: "authorize" | "charge";
  /** Loyalty points of this merchant to redeem. */
  points?: bigint;
  /** A coupon of the merchant: a fixed discount or basis points of the price. */
  coupon?: { id: string; discountAmount?: bigint; discountBps?: number };
  /** Order reference text (hashed); line-items hash text. */
  orderRef?: string;
  lineItemsHash?: Hex;
  /** Seconds until the authorization expires (default a day). */
  expiresIn?: number;
};

let salt = BigInt(Date.now()) * 1000n;

/** The development account index of `address` (the payers are among the first 20). */
function devAccountIndex(address: Address): number {
  for (let index = 0; index < 20; index++) if (devAccount(index).address === address) return index;
  throw new Error(`${address} is not a development account`);
}

export function createEscrowActors(chainUrl: string, deployed: Deployed, payerIndex: number = devAccountRoles.demoPayers[1]) {
  const { publicClient } = deployed;
  const escrow = deployed.deployment.paymentEscrow;
  const wallet = (index: number) => createWalletClient({ account: devAccount(index), chain: hardhat, transport: http(chainUrl) });
  const merchant = wallet(devAccountRoles.demoMerchant);

  const mined = async (hash: Hex) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  };

  async function discountFor(terms: PaymentTerms, options: PayOptions): Promise<PaymentDiscount> {
    if (!options.coupon && !options.points) return noDiscount;
    if (!options.coupon) return { ...noDiscount, points: options.points ?? 0n };
    const coupon = {
      merchantId: terms.merchantId,
      couponId: keccak256(toHex(options.coupon.id)),
      discountBps: options.coupon.discountBps ?? 0,
      discountAmount: options.coupon.discountAmount ?? 0n,
      maxUses: 1_000,
      expiry: terms.authorizationExpiry,
      payer: "0x0000000000000000000000000000000000000000" as Address,
    };
    const digest = await publicClient.readContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: "getCouponDigest", args: [coupon] });
    const couponSignature = await merchant.account.sign!({ hash: digest });
    return { points: options.points ?? 0n, coupon, couponSignature };
  }

  /** Terms of a new order of `price` (before discounts) from payer `index`. */
  async function makeTerms(price: bigint, options: PayOptions = {}, index = payerIndex): Promise<PaymentTerms> {
    const { timestamp } = await publicClient.getBlock();
    salt += 1n;
    return {
      merchantId: deployed.merchantId,
      payer: devAccount(index).address,
      token: deployed.usd,
      amount: price,
      feeBps: deployed.deployment.defaultFeeBps,
      authorizationExpiry: Number(timestamp) + (options.expiresIn ?? 86_400),
      refundDeadline: Number(timestamp) + 30 * 86_400,
      orderRef: keccak256(toHex(options.orderRef ?? `ledger-order-${salt}`)),
      lineItemsHash: options.lineItemsHash ?? keccak256(toHex(`ledger-items-${salt}`)),
      salt,
    };
  }

  return {
    escrow,
    merchant,
    /** Mints `amount` test USD to the payer `index` (default the actors' payer). */
    fund: (amount: bigint, index = payerIndex) => mintTestTokens({ publicClient, walletClient: deployed.deployer }, deployed.usd, devAccount(index).address, amount),
    payerAddress: (index = payerIndex) => devAccount(index).address,
    terms: makeTerms,
    paymentId: (terms: PaymentTerms) => publicClient.readContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: "getPaymentId", args: [terms] }),
    /** Pays `terms` (or new terms of a price) from its payer: approve, then authorize or charge (two transactions). */
    async pay(termsOrPrice: PaymentTerms | bigint, options: PayOptions = {}, index = payerIndex): Promise<Payment> {
      const terms = typeof termsOrPrice === "bigint" ? await makeTerms(termsOrPrice, options, index) : termsOrPrice;
      const payer = wallet(devAccountIndex(terms.payer));
      const discount = await discountFor(terms, options);
      const payerAmount = await publicClient.readContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: "quote", args: [terms, discount] });
      await mined(await payer.writeContract({ address: deployed.usd, abi: erc20Abi, functionName: "approve", args: [escrow, payerAmount] }));
      const receipt = await mined(
        await payer.writeContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: options.operation ?? "authorize", args: [terms, discount] }),
      );
      const [event] = parseEventLogs({ abi: iPaymentEscrowAbi, logs: receipt.logs, eventName: "PaymentAuthorized" });
      return { terms, paymentId: event!.args.paymentId.toLowerCase() as Hex, blockNumber: receipt.blockNumber, transactionHash: receipt.transactionHash };
    },
    capture: async (terms: PaymentTerms, amount: bigint) =>
      mined(await merchant.writeContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: "capture", args: [terms, amount] })),
    void: async (terms: PaymentTerms) => mined(await merchant.writeContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: "void", args: [terms] })),
    /** The merchant (its payout holds the captured funds) approves and refunds `amount`. */
    async refund(terms: PaymentTerms, amount: bigint) {
      await mined(await merchant.writeContract({ address: deployed.usd, abi: erc20Abi, functionName: "approve", args: [escrow, amount] }));
      return mined(await merchant.writeContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: "refund", args: [terms, amount] }));
    },
    reclaim: async (terms: PaymentTerms, index = payerIndex) =>
      mined(await wallet(index).writeContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: "reclaim", args: [terms] })),
  };
}

export type EscrowActors = ReturnType<typeof createEscrowActors>;
