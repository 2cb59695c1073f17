// Texts of the counter's own refusal reasons (sdk/src/api/reasons.ts `counterReasons`): coupons and points at
// checkout, cashier invites, the counter's item list, devices and recovery. Only lazily loaded code shows
// them (the counter's pages, the checkout's discount panel, the wallet's recovery), so they are an i18next
// namespace of their own ("reasons"), added by that code's strings (features/*/i18n.ts) instead of riding in
// the checkout's bundle; app/errors.ts looks reasons up there after `errors.reason`. Typed by the list:
// none can be missing.
import type { CounterReason } from "@paykey/sdk/api/reasons";

const en = {
  invite_expired: "This invite has expired; ask the owner for a new one.",
  invite_used: "This invite has already been used; ask the owner for a new one.",
  owner_cannot_be_cashier: "You own this store; invite your cashier's account instead.",
  already_cashier: "You are already a cashier of this store.",
  unknown_item: "That item is no longer on the list; reload the counter.",
  coupon_not_found: "No coupon with this code.",
  coupon_invalid: "This coupon is not valid.",
  coupon_exists: "This coupon already exists; create a new one.",
  coupon_signature_invalid: "The coupon is not signed by this store's coupon signer.",
  coupons_disabled: "This store does not take coupons.",
  coupon_wrong_merchant: "This coupon is for another store.",
  coupon_expired: "This coupon has expired.",
  coupon_used_up: "This coupon has been used up.",
  coupon_wrong_payer: "This coupon was issued to another customer.",
  insufficient_points: "You do not have that many points here.",
  discount_covers_price: "The discount cannot cover the whole price.",
  device_current: "You are signed in with this device; revoke it from another one.",
  device_on_chain: "Remove this passkey from your wallet on-chain first.",
  account_unknown: "No Paykey wallet with this address is known here.",
  recovery_not_executed: "The recovery has not been completed on-chain yet.",
  operator_not_permitted: "Only the store's owner can do this; a cashier cannot.",
} satisfies Record<CounterReason, string>;

const zh: typeof en = {
  invite_expired: "此邀请已过期；请向店主索取新的邀请。",
  invite_used: "此邀请已被使用；请向店主索取新的邀请。",
  owner_cannot_be_cashier: "你是此店铺的店主；请邀请收银员的账户。",
  already_cashier: "你已经是此店铺的收银员。",
  unknown_item: "该商品已不在列表中；请刷新收银台。",
  coupon_not_found: "没有这个代码的优惠券。",
  coupon_invalid: "此优惠券无效。",
  coupon_exists: "此优惠券已存在；请新建一张。",
  coupon_signature_invalid: "此优惠券不是由本店的优惠券签名者签名的。",
  coupons_disabled: "此店铺不接受优惠券。",
  coupon_wrong_merchant: "此优惠券属于另一家店铺。",
  coupon_expired: "此优惠券已过期。",
  coupon_used_up: "此优惠券已用完。",
  coupon_wrong_payer: "此优惠券是发给另一位顾客的。",
  insufficient_points: "你在此店铺的积分不足。",
  discount_covers_price: "折扣不能抵扣全部价格。",
  device_current: "你正在使用此设备登录；请从另一台设备撤销它。",
  device_on_chain: "请先在链上从钱包中移除此通行密钥。",
  account_unknown: "这里没有此地址的 Paykey 钱包。",
  recovery_not_executed: "恢复尚未在链上完成。",
  operator_not_permitted: "只有店主可以执行此操作，收银员不能。",
};

export const counterReasonTexts = { en, zh };
