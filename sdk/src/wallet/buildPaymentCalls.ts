// A payment as account calls: approve exactly what the payer pays, then let the escrow pull it
// (`authorize`: held until the merchant captures; `charge`: authorize and capture at once). Both calls run
// in one ERC-7821 batch, so the approval never outlives the payment.
import { type Address, encodeFunctionData, erc20Abi, zeroHash } from "viem";
import { iPaymentEscrowAbi } from "../generated/contracts.ts";
import type { WalletCall } from "./encodeCalls.ts";
import { MissingPayerAmountError } from "./errors.ts";

/** `IPaymentEscrow.PaymentTerms`: what the merchant asks for and the payer agrees to. */
export type PaymentTerms = {
  merchantId: bigint;
  payer: Address;
  token: Address;
  amount: bigint;
  feeBps: number;
  authorizationExpiry: number;
  refundDeadline: number;
  orderRef: `0x${string}`;
  lineItemsHash: `0x${string}`;
  salt: bigint;
};

/** `IPaymentEscrow.Discount`: loyalty points to burn and an optional merchant coupon. */
export type PaymentDiscount = {
  points: bigint;
  coupon: {
    merchantId: bigint;
    couponId: `0x${string}`;
    discountBps: number;
    discountAmount: bigint;
    maxUses: number;
    expiry: number;
    payer: Address;
  };
  couponSignature: `0x${string}`;
};

/** No points, no coupon. */
export const noDiscount: PaymentDiscount = {
  points: 0n,
  coupon: {
    merchantId: 0n,
    couponId: zeroHash,
    discountBps: 0,
    discountAmount: 0n,
    maxUses: 0,
    expiry: 0,
    payer: "0x0000000000000000000000000000000000000000",
  },
  couponSignature: "0x",
};

export type BuildPaymentCallsParameters = {
  /** The PaymentEscrow. */
  escrowAddress: Address;
  terms: PaymentTerms;
  /** Points and coupon; none by default. */
  discount?: PaymentDiscount | undefined;
  /** What the payer pays after discounts (`escrow.quote(terms, discount)`); required with a discount. */
  payerAmount?: bigint | undefined;
  /** `authorize` (escrow holds the funds until capture, the default) or `charge` (captured at once). */
  operation?: "authorize" | "charge" | undefined;
};
export type BuildPaymentCallsReturnType = [approve: WalletCall, pay: WalletCall];

/** The two calls of a payment: `token.approve(escrow, payerAmount)` then `escrow.authorize|charge(terms, discount)`. */
export function buildPaymentCalls(parameters: BuildPaymentCallsParameters): BuildPaymentCallsReturnType {
  const { escrowAddress, terms, discount = noDiscount, operation = "authorize" } = parameters;
  const discounted = discount.points !== 0n || discount.coupon.couponId !== zeroHash;
  if (discounted && parameters.payerAmount === undefined) throw new MissingPayerAmountError();
  const payerAmount = parameters.payerAmount ?? terms.amount;
  return [
    { to: terms.token, data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [escrowAddress, payerAmount] }) },
    { to: escrowAddress, data: encodeFunctionData({ abi: iPaymentEscrowAbi, functionName: operation, args: [terms, discount] }) },
  ];
}
