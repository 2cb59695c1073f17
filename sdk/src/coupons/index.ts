// Merchant coupons (IPaymentEscrow.Coupon): the EIP-712 typed data the merchant's coupon signer signs, the
// discount the escrow gives for it, and the coupon's JSON form. Shared by the relayer (which checks a
// coupon before a payer signs anything) and the web app (which has the owner sign one and shows the
// discount). Browser-safe: viem only.
//
// The coupon signer Paykey uses is the merchant's own passkey account (set at registration): the escrow
// verifies the coupon with ERC-1271, which the account answers through ERC-7739's nested typed data. No
// extra key exists that could leak, and a coupon can only come from the owner's passkey.
import { type Address, type Hex, bytesToHex, getAddress, zeroAddress } from "viem";
import type { PaymentDiscount } from "../wallet/buildPaymentCalls.ts";

/** `IPaymentEscrow.Coupon`. */
export type Coupon = PaymentDiscount["coupon"];

/** A coupon as JSON: integers as decimal strings or numbers, addresses checksummed. */
export type CouponJson = {
  merchantId: string;
  couponId: Hex;
  discountBps: number;
  discountAmount: string;
  maxUses: number;
  /** Unix seconds (chain time). */
  expiry: number;
  /** The only payer who may use it, or the zero address for anyone. */
  payer: Address;
};

/** EIP-712 domain of the PaymentEscrow (its constructor: `EIP712("Paykey PaymentEscrow", "1")`). */
export const paymentEscrowDomain = { name: "Paykey PaymentEscrow", version: "1" } as const;

export const couponTypes = {
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

/** The typed data a merchant's coupon signer signs (`escrow.getCouponDigest(coupon)` is its hash). */
export function getCouponTypedData({ escrow, chainId, coupon }: { escrow: Address; chainId: number; coupon: Coupon }) {
  return {
    domain: { ...paymentEscrowDomain, chainId, verifyingContract: escrow },
    types: couponTypes,
    primaryType: "Coupon",
    message: coupon,
  } as const;
}

/** What the escrow takes off `price` for `coupon` (percentage rounded down, or the fixed amount). */
export function couponDiscountOf(price: bigint, coupon: Pick<Coupon, "discountBps" | "discountAmount">): bigint {
  return coupon.discountBps !== 0 ? (price * BigInt(coupon.discountBps)) / 10_000n : coupon.discountAmount;
}

export function couponFromJson(json: CouponJson): Coupon {
  return {
    merchantId: BigInt(json.merchantId),
    couponId: json.couponId,
    discountBps: json.discountBps,
    discountAmount: BigInt(json.discountAmount),
    maxUses: json.maxUses,
    expiry: json.expiry,
    payer: getAddress(json.payer),
  };
}

export function couponToJson(coupon: Coupon): CouponJson {
  return {
    merchantId: coupon.merchantId.toString(),
    couponId: coupon.couponId,
    discountBps: coupon.discountBps,
    discountAmount: coupon.discountAmount.toString(),
    maxUses: coupon.maxUses,
    expiry: coupon.expiry,
    payer: getAddress(coupon.payer),
  };
}

/** The escrow `Discount` for a payment: points to burn and an optional signed coupon. */
export function buildDiscount({ points = 0n, coupon, signature }: { points?: bigint; coupon?: Coupon | undefined; signature?: Hex | undefined }): PaymentDiscount {
  return {
    points,
    coupon: coupon ?? {
      merchantId: 0n,
      couponId: `0x${"00".repeat(32)}`,
      discountBps: 0,
      discountAmount: 0n,
      maxUses: 0,
      expiry: 0,
      payer: zeroAddress,
    },
    couponSignature: coupon ? (signature ?? "0x") : "0x",
  };
}

/** 32 letters and digits without 0/O and 1/I (codes a person may type from a poster); 32 keeps bytes unbiased. */
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const couponCodePattern = /^[2-9A-HJ-NP-Z]{10}$/;

/** A random coupon id (32 bytes), chosen by whoever builds the coupon before it is signed. */
export function newCouponId(): Hex {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
}

/** A random 10-character code (50 bits) that names a coupon in links, QR codes and at the till. */
export function newCouponCode(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(10)), (byte) => codeAlphabet[byte % 32]).join("");
}

/** Normalises a typed code: upper case, no spaces or dashes. */
export function normalizeCouponCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}
