// Coupons: the owner signs an EIP-712 coupon with the merchant's coupon signer (its passkey account,
// through ERC-1271); the relayer checks it as the escrow will, gives it a code for links, QR codes and
// the till, and keeps it. Use counts are read from the chain, never kept here.
import { getAddress, hashTypedData, type Hex, type PublicClient } from "viem";
import type { CouponOut } from "@paykey/sdk/api/counter";
import { couponToJson, getCouponTypedData, newCouponCode, type Coupon } from "@paykey/sdk/coupons";
import type { Queryable } from "../db/store.ts";
import type { ChainReader } from "./chain.ts";
import { CounterError } from "./errors.ts";

export type CouponRow = {
  coupon_id: string;
  merchant_id: string;
  store_id: string;
  code: string;
  label: string;
  discount_bps: number;
  discount_amount: string;
  max_uses: string;
  expiry: string;
  payer: string;
  signature: string;
  created_at: Date;
  store_name: string;
  currency: string;
  settlement_token: string;
};

const selectCoupons = `SELECT c.*, s.name AS store_name, s.currency, s.settlement_token
  FROM counter_coupons c JOIN commerce_stores s ON s.id = c.store_id`;

export function couponOf(row: Pick<CouponRow, "coupon_id" | "merchant_id" | "discount_bps" | "discount_amount" | "max_uses" | "expiry" | "payer">): Coupon {
  return {
    merchantId: BigInt(row.merchant_id),
    couponId: row.coupon_id as Hex,
    discountBps: row.discount_bps,
    discountAmount: BigInt(row.discount_amount),
    maxUses: Number(row.max_uses),
    expiry: Number(row.expiry),
    payer: getAddress(row.payer),
  };
}

export function couponOut(row: CouponRow, parameters: { uses: number; chainTime: number; origin: string; decimals: number }): CouponOut {
  const coupon = couponOf(row);
  const status = parameters.uses >= coupon.maxUses ? "used_up" : parameters.chainTime > coupon.expiry ? "expired" : "active";
  return {
    code: row.code,
    label: row.label,
    url: `${parameters.origin}/coupon/${row.code}`,
    store: { id: row.store_id, name: row.store_name, currency: row.currency, decimals: parameters.decimals },
    coupon: couponToJson(coupon),
    signature: row.signature,
    uses: parameters.uses,
    status,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Checks a coupon the owner signed as the escrow will redeem it: for this merchant, a valid discount,
 * not expired, and signed by the merchant's current coupon signer (an EOA, or ERC-1271 such as the
 * passkey account). The digest is also compared with the escrow's own `getCouponDigest`.
 */
export async function checkNewCoupon(parameters: {
  chain: ChainReader;
  client: PublicClient;
  escrow: `0x${string}`;
  chainId: number;
  merchantId: bigint;
  coupon: Coupon;
  signature: Hex;
}): Promise<void> {
  const { chain, coupon } = parameters;
  if (coupon.merchantId !== parameters.merchantId) {
    throw new CounterError("coupon_wrong_merchant", "This coupon names another merchant.", { data: { merchantId: coupon.merchantId.toString() } });
  }
  if ((coupon.discountBps === 0) === (coupon.discountAmount === 0n)) {
    throw new CounterError("coupon_invalid", "A coupon takes off either a percentage or a fixed amount.");
  }
  if (coupon.discountAmount >= 2n ** 120n) throw new CounterError("coupon_invalid", "The fixed discount is too large.");
  const [merchant, now] = await Promise.all([chain.merchant(coupon.merchantId), chain.time()]);
  if (coupon.expiry <= now) throw new CounterError("coupon_expired", "This coupon's expiry has already passed.", { data: { expiry: coupon.expiry, now } });
  if (BigInt(merchant.couponSigner) === 0n) throw new CounterError("coupons_disabled", "This merchant has no coupon signer on-chain.");
  const typedData = getCouponTypedData({ escrow: parameters.escrow, chainId: parameters.chainId, coupon });
  const [digest, valid] = await Promise.all([
    chain.couponDigest(coupon),
    parameters.client.verifyTypedData({ address: merchant.couponSigner, ...typedData, signature: parameters.signature }).catch(() => false),
  ]);
  if (digest !== hashTypedData(typedData) || !valid) {
    throw new CounterError("coupon_signature_invalid", "The coupon is not signed by the merchant's coupon signer.", { data: { couponSigner: merchant.couponSigner } });
  }
}

export async function insertCoupon(
  db: Queryable,
  parameters: { storeId: string; label: string; coupon: Coupon; signature: Hex; now: Date },
): Promise<CouponRow> {
  const { coupon } = parameters;
  // A code is 50 random bits; a clash is improbable, and retried.
  for (let attempt = 0; ; attempt++) {
    try {
      await db.query(
        `INSERT INTO counter_coupons (coupon_id, merchant_id, store_id, code, label, discount_bps, discount_amount, max_uses, expiry, payer, signature, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          coupon.couponId.toLowerCase(),
          coupon.merchantId,
          parameters.storeId,
          newCouponCode(),
          parameters.label,
          coupon.discountBps,
          coupon.discountAmount,
          coupon.maxUses,
          coupon.expiry,
          coupon.payer.toLowerCase(),
          parameters.signature,
          parameters.now,
        ],
      );
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== "23505") throw error;
      const [clash] = await db.query("SELECT 1 FROM counter_coupons WHERE merchant_id = $1 AND coupon_id = $2", [coupon.merchantId, coupon.couponId.toLowerCase()]);
      if (clash || attempt >= 3) {
        throw new CounterError("coupon_exists", "A coupon with this id already exists for this merchant; build a new one.", { cause: error });
      }
    }
  }
  const [row] = await db.query<CouponRow>(`${selectCoupons} WHERE c.merchant_id = $1 AND c.coupon_id = $2`, [coupon.merchantId, coupon.couponId.toLowerCase()]);
  return row!;
}

export async function findCouponByCode(db: Queryable, code: string): Promise<CouponRow> {
  const [row] = await db.query<CouponRow>(`${selectCoupons} WHERE c.code = $1`, [code]);
  if (!row) throw new CounterError("coupon_not_found", "No coupon with this code.");
  return row;
}

export async function listCoupons(db: Queryable, storeId: string): Promise<CouponRow[]> {
  return db.query<CouponRow>(`${selectCoupons} WHERE c.store_id = $1 ORDER BY c.created_at DESC LIMIT 200`, [storeId]);
}
