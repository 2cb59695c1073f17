// Strings of loyalty points and coupons as the payer sees them: the checkout's discount panel, a coupon
// link's page, the wallet's points and coupons, and the receipt's points. Namespace "rewards".
import { counterReasonTexts } from "../../i18n/counterReasons.ts";
import { addFeatureStrings } from "../../i18n/featureStrings.ts";

const en = {
  badCode: "That is not a coupon code or link.",
  discount: {
    title: "Points and coupons",
    offer: "Points or a coupon?",
    usePoints: "Use {{points}} points (−{{value}})",
    coupon: "Coupon {{code}}: −{{value}}",
    removeCoupon: "Remove",
    codePlaceholder: "Coupon code",
    apply: "Apply",
    scan: "Scan",
    total: "Price {{price}} → you pay {{total}}",
  },
  coupon: {
    loading: "Opening the coupon…",
    invalid: "This coupon link is not valid",
    title: "A coupon from {{store}}",
    off: "{{discount}} off",
    expires: "Valid until {{date}}",
    usesLeft: "{{count}} use(s) left",
    personal: "Issued to one customer only",
    saved: "Saved on this device: it is applied when you pay at {{store}}.",
    expired: "This coupon has expired.",
    used_up: "This coupon has been used up.",
  },
  wallet: {
    points: "Loyalty points",
    noPoints: "No points yet. Stores that reward loyalty credit them when they capture your payment.",
    pointsValue: "{{points}} points (worth {{value}})",
    coupons: "Saved coupons",
    forget: "Remove",
  },
  receipt: { pointsUsed: "Points used", couponDiscount: "Coupon", pointsEarned: "Points earned" },
};

const zh: typeof en = {
  badCode: "这不是优惠券代码或链接。",
  discount: {
    title: "积分和优惠券",
    offer: "使用积分或优惠券？",
    usePoints: "使用 {{points}} 积分（−{{value}}）",
    coupon: "优惠券 {{code}}：−{{value}}",
    removeCoupon: "移除",
    codePlaceholder: "优惠券代码",
    apply: "使用",
    scan: "扫码",
    total: "原价 {{price}} → 实付 {{total}}",
  },
  coupon: {
    loading: "正在打开优惠券…",
    invalid: "此优惠券链接无效",
    title: "来自 {{store}} 的优惠券",
    off: "减 {{discount}}",
    expires: "有效期至 {{date}}",
    usesLeft: "还可使用 {{count}} 次",
    personal: "仅限一位顾客使用",
    saved: "已保存在本设备：在 {{store}} 付款时会自动使用。",
    expired: "此优惠券已过期。",
    used_up: "此优惠券已用完。",
  },
  wallet: {
    points: "积分",
    noPoints: "还没有积分。提供积分的店铺会在确认收款时为你累积积分。",
    pointsValue: "{{points}} 积分（价值 {{value}}）",
    coupons: "已保存的优惠券",
    forget: "移除",
  },
  receipt: { pointsUsed: "使用的积分", couponDiscount: "优惠券", pointsEarned: "获得的积分" },
};

export const rewardsNs = addFeatureStrings("rewards", { en, zh });
addFeatureStrings("reasons", counterReasonTexts);
