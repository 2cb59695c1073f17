// The benchmark's sales history, generated lazily and deterministically: sale `i` of `total` is
// a pure function of `i` (its own mulberry32 stream), so each table's COPY stream walks the same
// history on its own without holding it in memory. One in eleven sales belongs to one of 50
// other merchants (noise); the rest to the benchmarked store (merchant 1). Sales are spread
// over a year with weekday and hour-of-day peaks in the store's time zone, payers repeat (a
// skewed pick from a pool), baskets hold one to five items from a catalogue, some redeem points
// or a coupon, some are paid through an FX conversion, some stay authorized, are voided or
// reclaimed, captured in two parts, or refunded in full or in part days later. Money is bigint
// in token base units (6 decimals).
import { mulberry32 } from "../../lib/random.ts";

export const benchMerchant = 1;
export const noiseMerchants = 50;
/** The first day of the history (local midnight in the store's time zone is a little earlier). */
export const historyStart = Date.UTC(2025, 11, 1);
export const historyDays = 365;
export const loyaltyBps = 100n;
export const feeBps = 100n;
export const coupons = ["WELCOME10", "SPRING10", "SUMMER10", "LOYAL10", "FRIENDS10", "AUTUMN10"] as const;
const catalogue: readonly (readonly [string, bigint])[] = [
  "Espresso", "Cappuccino", "Latte", "Flat white", "Mocha", "Green tea", "Chai latte", "Hot chocolate", "Orange juice", "Lemonade",
  "Croissant", "Pain au chocolat", "Bagel", "Muffin", "Cheesecake", "Brownie", "Cinnamon roll", "Scone", "Banana bread", "Cookie",
  "Sandwich", "Panini", "Salad bowl", "Soup of the day", "Quiche", "Wrap", "Toast", "Granola", "Porridge", "Fruit cup",
  "Coffee beans 250 g", "Coffee beans 1 kg", "Mug", "Tumbler", "Gift card", "Tote bag", "Cold brew bottle", "Tea tin", "Syrup", "Filter papers",
].map((name, index) => [name, BigInt(1_500_000 + ((index * 7_919) % 40) * 1_450_000)] as const);
/** Relative sales per weekday (Monday first) and per local hour of the day. */
const weekdayWeight = [0.9, 0.9, 1, 1, 1.2, 1.5, 1.1];
const hourWeight = [0, 0, 0, 0, 0, 0, 0.2, 1, 2.2, 2, 1.4, 1.6, 3, 2.8, 1.6, 1.2, 1.5, 1.9, 2.2, 1.7, 1, 0.5, 0.2, 0];
const hourCdf = hourWeight.map((_, h) => hourWeight.slice(0, h + 1).reduce((a, b) => a + b, 0) / hourWeight.reduce((a, b) => a + b, 0));

/**
 * A 32-byte hex value that looks random, derived from a label (< 16) and a number (< 2^28): its
 * last 4 bytes are a bijective mix of both, so no two (label, number) pairs share a value.
 */
export function hash32(label: number, n: number): string {
  const next = mulberry32(Math.imul(n, 0x9e3779b1) ^ Math.imul(label, 0x85ebca6b));
  let out = "0x";
  for (let k = 0; k < 7; k++) out += ((next() * 4_294_967_296) >>> 0).toString(16).padStart(8, "0");
  let x = (n * 16 + label) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return out + ((x ^ (x >>> 16)) >>> 0).toString(16).padStart(8, "0");
}

export const payerAddress = (payer: number) => `0x${(0xa11ce000_000000 + payer).toString(16).padStart(40, "0")}`;
export const merchantPayout = (merchant: number) => `0x${(0x9a70_0000 + merchant).toString(16).padStart(40, "0")}`;
export const feeReceiver = `0x${"fee".padStart(40, "0")}`;
export const usdToken = `0x${"5d".padStart(40, "0")}`;
export const eurToken = `0x${"e5".padStart(40, "0")}`;

export type Capture = { at: number; amount: bigint; fee: bigint; pointsMinted: bigint };
export type Sale = {
  index: number;
  merchant: number;
  payer: number;
  at: number;
  items: { name: string; quantity: number; unitPrice: bigint }[];
  price: bigint;
  pointsRedeemed: bigint;
  coupon: string | null;
  couponDiscount: bigint;
  amount: bigint;
  outcome: "authorized" | "voided" | "reclaimed" | "captured";
  captures: Capture[];
  refund: { at: number; amount: bigint; pointsBurned: bigint; pointsRestored: bigint } | null;
  /** released back to the payer by a void or reclaim */
  release: { at: number; amount: bigint } | null;
  viaCheckout: boolean;
  fx: { amountIn: bigint; rate: bigint; spreadBps: number } | null;
};

/** The history of `total` sales: the calendar (cumulative sales per day) is computed once. */
export function salesHistory(total: number, timeZone: string) {
  const dayWeight = Array.from({ length: historyDays }, (_, day) => {
    const date = new Date(historyStart + day * 86_400_000);
    return weekdayWeight[(date.getUTCDay() + 6) % 7]! * (1 + (0.5 * day) / historyDays);
  });
  const weightSum = dayWeight.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const weight of dayWeight) cumulative.push(Math.round(((running += weight) / weightSum) * total));
  // Local midnight of each day in the store's time zone, from the zone's offset at noon.
  const offsetAtNoon = (day: number) => {
    const noon = new Date(historyStart + day * 86_400_000 + 43_200_000);
    const local = new Date(noon.toLocaleString("en-US", { timeZone }) + " UTC");
    return local.getTime() - noon.getTime();
  };
  const midnight = Array.from({ length: historyDays }, (_, day) => historyStart + day * 86_400_000 - offsetAtNoon(day));

  function dayOf(index: number): number {
    let low = 0;
    let high = historyDays - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! > index) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Sale `index`: its time (ms) grows with `index`, so walking the indexes walks time forward. */
  function sale(index: number): Sale {
    const next = mulberry32(index * 2_654_435_761);
    const day = dayOf(index);
    const first = day === 0 ? 0 : cumulative[day - 1]!;
    const fraction = (index - first + 0.5) / (cumulative[day]! - first);
    const hour = hourCdf.findIndex((value) => value >= fraction);
    const below = hour === 0 ? 0 : hourCdf[hour - 1]!;
    const at = midnight[day]! + Math.floor((hour + (fraction - below) / (hourCdf[hour]! - below)) * 3_600_000);
    const merchant = index % 11 === 10 ? 2 + Math.floor(next() * noiseMerchants) : benchMerchant;
    const payer = Math.floor(Math.max(1_000, total / 4) * next() ** 2.2);
    const items = Array.from({ length: 1 + Math.floor(next() ** 1.5 * 5) }, () => {
      const [name, unitPrice] = catalogue[Math.floor(next() ** 1.3 * catalogue.length)]!;
      return { name, unitPrice, quantity: 1 + Math.floor(next() ** 3 * 4) };
    });
    const price = items.reduce((sum, item) => sum + item.unitPrice * BigInt(item.quantity), 0n);
    const pointsRedeemed = next() < 0.12 ? [price / 5n, BigInt(1 + Math.floor(next() * 5)) * 1_000_000n].reduce((a, b) => (a < b ? a : b)) : 0n;
    const coupon = next() < 0.07 ? coupons[Math.floor(next() * coupons.length)]! : null;
    const couponDiscount = coupon === null ? 0n : price / 10n;
    const amount = price - pointsRedeemed - couponDiscount;
    const roll = next();
    const outcome = roll < 0.015 ? "authorized" : roll < 0.025 ? "voided" : roll < 0.03 ? "reclaimed" : "captured";
    const capture = (at: number, part: bigint): Capture => ({ at, amount: part, fee: (part * feeBps) / 10_000n, pointsMinted: (part * loyaltyBps) / 10_000n });
    const captures: Capture[] = [];
    let refund: Sale["refund"] = null;
    let release: Sale["release"] = null;
    if (outcome === "captured") {
      if (next() < 0.04) {
        const part = (amount * 6n) / 10n;
        captures.push(capture(at + 30_000, part), capture(at + 3_600_000, amount - part));
      } else captures.push(capture(at + 30_000, amount));
      if (next() < 0.06) {
        const full = next() < 0.5;
        const refunded = full ? amount : (amount * 3n) / 10n;
        const minted = captures.reduce((sum, c) => sum + c.pointsMinted, 0n);
        refund = { at: at + (1 + Math.floor(next() * 10)) * 86_400_000, amount: refunded, pointsBurned: (minted * refunded) / amount, pointsRestored: full ? pointsRedeemed : 0n };
      }
    } else if (outcome !== "authorized") {
      release = { at: at + (outcome === "voided" ? 3_600_000 : 7 * 86_400_000), amount };
    }
    const viaCheckout = next() < 0.93;
    const fx =
      merchant === benchMerchant && next() < 0.08
        ? (() => {
            const rate = 108_000_000n + BigInt(Math.floor(next() * 2_000_000));
            const spreadBps = 30;
            return { rate, spreadBps, amountIn: (amount * 100_000_000n * BigInt(10_000 + spreadBps)) / (rate * 10_000n) };
          })()
        : null;
    return { index, merchant, payer, at, items, price, pointsRedeemed, coupon, couponDiscount, amount, outcome, captures, refund, release, viaCheckout, fx };
  }

  return { total, sale, end: midnight[historyDays - 1]! + 86_400_000 };
}
