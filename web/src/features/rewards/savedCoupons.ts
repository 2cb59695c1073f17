// Coupons this device keeps: opening a coupon link saves its code for the store, and the checkout offers
// it there. Only codes and names (nothing secret beyond what the link itself carries). The checkout's pay
// panel looks for `"merchantId":"<id>"` in the stored JSON itself, so this module stays out of its bundle.
export type SavedCoupon = { code: string; merchantId: string; store: string; label: string };

const storageKey = "paykey.coupons";

export function savedCoupons(): SavedCoupon[] {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey) ?? "[]") as SavedCoupon[];
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** The first coupon saved for `merchantId`, if any. */
export function savedCouponFor(merchantId: string): SavedCoupon | undefined {
  return savedCoupons().find((coupon) => coupon.merchantId === merchantId);
}

export function saveCoupon(coupon: SavedCoupon): void {
  localStorage.setItem(storageKey, JSON.stringify([coupon, ...savedCoupons().filter((entry) => entry.code !== coupon.code)]));
}

export function forgetCoupon(code: string): void {
  localStorage.setItem(storageKey, JSON.stringify(savedCoupons().filter((entry) => entry.code !== code)));
}

/** The code in a coupon link (`…/coupon/<code>`) or a typed code, normalised; undefined otherwise. */
export function couponCodeFrom(text: string): string | undefined {
  const fromLink = /\/coupon\/([A-Za-z0-9-]{10,14})(?:[/?#]|$)/.exec(text.trim())?.[1] ?? text;
  const code = fromLink.toUpperCase().replace(/[\s-]/g, "");
  return /^[2-9A-HJ-NP-Z]{10}$/.test(code) ? code : undefined;
}
