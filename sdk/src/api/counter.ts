// The counter API (server/src/counter): cashiers and their invites, the point-of-sale keypad and its
// "paid" stream, the store's item list, loyalty points, coupons, checkout discounts, device revocation
// and guardian recovery. The relayer validates with these schemas; the web app takes their types with
// `import type` and `z.infer` only, so zod never enters its bundle. Money is a decimal string of token
// base units; addresses are hex (checksummed on the way out); off-chain times are ISO strings, coupon
// expiries unix seconds (chain time, as signed).
import { z } from "zod";
import { address, addressIn, baseUnits, hex32In as hex32, id, money } from "./primitives.ts";
import { call as callOut } from "./stores.ts";

// ------------------------------------------------------------------ building blocks

const hexIn = (maxBytes: number) => z.string().regex(new RegExp(`^0x(?:[0-9a-fA-F]{2}){1,${maxBytes}}$`), "must be hex bytes");
/** Invite secrets: 32 random bytes, base64url. */
export const inviteTokenIn = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be an invite token");
export const couponCodeIn = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^[2-9A-HJ-NP-Z]{10}$/, "must be a 10-character coupon code"));


// ------------------------------------------------------------------ roles and cashiers

export const storeRole = z.enum(["owner", "cashier"]);

export const createInviteBody = z.object({ label: z.string().trim().min(1).max(64) });
export const inviteOut = z.object({
  id: z.string(),
  label: z.string(),
  status: z.enum(["open", "accepted", "expired", "revoked"]),
  expiresAt: z.string(),
  acceptedBy: address.nullable(),
  /** Only when just created: the link to hand to the cashier (its secret is never stored). */
  url: z.string().optional(),
});
export const cashierOut = z.object({
  account: address,
  label: z.string(),
  /** pending: accepted, waiting for the owner to add it on-chain; active: an operator on-chain; removed: by the owner. */
  status: z.enum(["pending", "active", "removed"]),
  /** Whether the escrow lists it as an operator, as last read from the chain. */
  onChain: z.boolean(),
  createdAt: z.string(),
});
export const cashiersOut = z.object({ cashiers: z.array(cashierOut), invites: z.array(inviteOut) });
export const cashierParams = z.object({ storeId: id, account: addressIn });
export const cashierCallsOut = z.object({ cashier: cashierOut, calls: z.array(callOut) });

export const invitePreviewOut = z.object({
  invite: z.object({ label: z.string(), status: inviteOut.shape.status, expiresAt: z.string() }),
  store: z.object({ id: z.string(), name: z.string() }),
});
export const acceptInviteOut = z.object({ cashier: cashierOut, store: z.object({ id: z.string(), name: z.string() }) });

export const staffStoreOut = z.object({
  store: z.object({ id: z.string(), name: z.string(), currency: z.string(), merchantId: z.string().nullable() }),
  role: storeRole,
  status: cashierOut.shape.status,
});
export const staffStoresOut = z.object({ stores: z.array(staffStoreOut) });

// ------------------------------------------------------------------ counter settings and item list

export const itemIn = z.object({ name: z.string().trim().min(1).max(64), unitPrice: baseUnits.refine((value) => value > 0n, "must be more than 0") });
export const counterSettingsBody = z.object({
  items: z.array(itemIn).max(60).optional(),
  /** Highest price a cashier may void (base units); above it only the owner can. */
  cashierVoidLimit: baseUnits.optional(),
});
export const counterOut = z.object({
  store: z.object({ id: z.string(), name: z.string(), currency: z.string(), decimals: z.number(), merchantId: z.string().nullable(), status: z.string() }),
  role: storeRole,
  items: z.array(z.object({ name: z.string(), unitPrice: money })),
  cashierVoidLimit: money,
});

// ------------------------------------------------------------------ point of sale

export const posSaleBody = z
  .object({
    /** A typed amount (keypad) … */
    amount: baseUnits.refine((value) => value > 0n, "must be more than 0").optional(),
    /** … or items from the store's list, by position, with quantities. */
    items: z.array(z.object({ index: z.number().int().min(0).max(59), quantity: z.number().int().min(1).max(999) })).min(1).max(20).optional(),
    note: z.string().trim().max(140).optional(),
  })
  .refine((body) => (body.amount === undefined) !== (body.items === undefined), "give either an amount or items");

export const posEventsQuery = z.object({ requestId: id });
/** One message of the POS stream (`event: sale`). */
export const posSaleEvent = z.object({
  requestId: z.string(),
  status: z.enum(["open", "paid", "expired"]),
  amount: money,
  paymentId: z.string().nullable(),
  payer: address.nullable(),
  /** What the payer paid after points and coupon (null until paid). */
  paid: money.nullable(),
  paymentStatus: z.string().nullable(),
});

// ------------------------------------------------------------------ loyalty

export const loyaltyBody = z.object({ loyaltyBps: z.number().int().min(0).max(10_000) });
export const loyaltyOut = z.object({ loyaltyBps: z.number(), outstanding: money, couponSigner: address });
export const loyaltyCallsOut = z.object({ calls: z.array(callOut) });
export const pointsOut = z.object({
  points: z.array(
    z.object({
      merchantId: z.string(),
      balance: money,
      store: z.object({ id: z.string(), name: z.string(), currency: z.string(), decimals: z.number() }).nullable(),
    }),
  ),
});

// ------------------------------------------------------------------ coupons

export const couponIn = z.object({
  merchantId: z.string().regex(/^\d{1,78}$/),
  couponId: hex32,
  discountBps: z.number().int().min(0).max(10_000),
  discountAmount: z.string().regex(/^\d{1,37}$/),
  maxUses: z.number().int().min(1).max(1_000_000),
  expiry: z.number().int().min(1).max(2 ** 48 - 1),
  payer: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
});
export const createCouponBody = z.object({
  label: z.string().trim().min(1).max(64),
  coupon: couponIn,
  /** The coupon signer's signature (ERC-1271 for the merchant's passkey account). */
  signature: hexIn(4096),
});
export const couponJsonOut = z.object({
  merchantId: z.string(),
  couponId: z.string(),
  discountBps: z.number(),
  discountAmount: money,
  maxUses: z.number(),
  expiry: z.number(),
  payer: address,
});
export const couponOut = z.object({
  code: z.string(),
  label: z.string(),
  url: z.string(),
  store: z.object({ id: z.string(), name: z.string(), currency: z.string(), decimals: z.number() }),
  coupon: couponJsonOut,
  signature: z.string(),
  /** Uses counted on-chain. */
  uses: z.number(),
  status: z.enum(["active", "expired", "used_up"]),
  createdAt: z.string(),
});
export const couponsOut = z.object({ coupons: z.array(couponOut) });

// ------------------------------------------------------------------ checkout discount

export const discountBody = z
  .object({
    /** Points to redeem (one point is one base unit off). */
    points: baseUnits.optional(),
    couponCode: couponCodeIn.optional(),
    /** An injected wallet names itself; a passkey payer is the session's account. */
    payer: addressIn.optional(),
  })
  .nullish();
export const discountOut = z.object({
  price: money,
  points: money,
  couponDiscount: money,
  payerAmount: money,
  /** The payer's points at this merchant, and the most this payment can use. */
  pointsBalance: money,
  maxPoints: money,
  coupon: couponJsonOut.nullable(),
  couponSignature: z.string(),
});

// ------------------------------------------------------------------ devices and recovery

export const revokeDeviceOut = z.object({ revoked: z.string() });
export const recoveryOptionsBody = z.object({ account: addressIn });
export const recoveryVerifyBody = z.object({ account: addressIn, response: z.record(z.string(), z.unknown()) });
export const recoveryVerifyOut = z.object({
  credential: z.object({ id: z.string(), publicKey: z.object({ x: z.string(), y: z.string() }) }),
  /** The link the guardian opens to propose this passkey. */
  guardianUrl: z.string(),
});
export const recoveryCompleteBody = z.object({ credentialId: z.string().min(1).max(1024) });
/** The passkey now signs in to the account (with a normal passkey login, which proves the device holds it). */
export const recoveryCompleteOut = z.object({
  account: z.object({ address }),
  credential: z.object({ id: z.string(), publicKey: z.object({ x: z.string(), y: z.string() }) }),
});

// ------------------------------------------------------------------ types for the web app

export type StoreRole = z.infer<typeof storeRole>;
export type Invite = z.infer<typeof inviteOut>;
export type Cashier = z.infer<typeof cashierOut>;
export type Cashiers = z.infer<typeof cashiersOut>;
export type CashierCalls = z.infer<typeof cashierCallsOut>;
export type InvitePreview = z.infer<typeof invitePreviewOut>;
export type AcceptInvite = z.infer<typeof acceptInviteOut>;
export type StaffStore = z.infer<typeof staffStoreOut>;
export type CounterSettings = z.infer<typeof counterOut>;
export type PosSaleEvent = z.infer<typeof posSaleEvent>;
export type Loyalty = z.infer<typeof loyaltyOut>;
export type Points = z.infer<typeof pointsOut>;
export type CouponOut = z.infer<typeof couponOut>;
export type DiscountQuote = z.infer<typeof discountOut>;
export type RecoveryVerify = z.infer<typeof recoveryVerifyOut>;
export type RecoveryComplete = z.infer<typeof recoveryCompleteOut>;
