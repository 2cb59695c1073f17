// Strings of the FX pieces (the cross-currency step of the checkout, the receipt's conversion, the wallet's
// conversion back), in English and Simplified Chinese, as the i18next namespace "fx": they ship with the
// lazily loaded code that shows them, so the checkout's own bundle does not carry them.
import i18n from "i18next";

const en = {
  disclosure: "You pay at most {{max}} · 1 {{base}} = {{rate}} {{quote}} · spread {{spread}} · fee {{fee}}",
  disclosureNoFee: "You pay at most {{max}} · 1 {{base}} = {{rate}} {{quote}} · spread {{spread}}",
  explain: "Converted to {{amount}} in the same step; the merchant receives exactly the invoice. The rate is a public price feed; the spread goes to the liquidity pool.",
  moved: "The exchange rate moved past your maximum or the quote expired. Check the new price and pay again.",
  quoting: "Getting the exchange rate…",
  receipt: {
    title: "Currency conversion",
    back: "Converted back",
    paid: "Paid",
    rate: "Rate",
    rateValue: "1 {{base}} = {{rate}} {{quote}}",
    spread: "Spread",
    received: "Received",
    feedRound: "Price feed round",
    transaction: "Transaction",
    position: "Block {{block}}, log {{log}}",
    userOperation: "User operation",
    verified: "Verified on-chain: the conversion event and the feed round match",
    checking: "Checking the conversion on-chain…",
    mismatch: "This conversion does not match the chain",
  },
  back: {
    title: "Convert a refund back",
    explain: "{{merchant}} returned {{amount}}. Convert it back to {{symbol}} in one tap.",
    button: "Convert to {{amount}}",
    converting: "Converting…",
    done: "Converted back: {{amount}} received.",
  },
};

const zh: typeof en = {
  disclosure: "你最多支付 {{max}} · 1 {{base}} = {{rate}} {{quote}} · 点差 {{spread}} · 手续费 {{fee}}",
  disclosureNoFee: "你最多支付 {{max}} · 1 {{base}} = {{rate}} {{quote}} · 点差 {{spread}}",
  explain: "同一步中兑换为 {{amount}}；商户收到的正好是账单金额。汇率来自公开的价格源，点差归流动性池所有。",
  moved: "汇率变动超出你的上限，或报价已过期。请查看新价格后重新付款。",
  quoting: "正在获取汇率…",
  receipt: {
    title: "货币兑换",
    back: "已兑换回",
    paid: "支付",
    rate: "汇率",
    rateValue: "1 {{base}} = {{rate}} {{quote}}",
    spread: "点差",
    received: "收到",
    feedRound: "价格源轮次",
    transaction: "交易",
    position: "区块 {{block}}，日志 {{log}}",
    userOperation: "用户操作",
    verified: "已在链上验证：兑换事件与价格源轮次一致",
    checking: "正在链上核对兑换…",
    mismatch: "此兑换与链上记录不符",
  },
  back: {
    title: "将退款兑换回原币种",
    explain: "{{merchant}} 退还了 {{amount}}。一键兑换回 {{symbol}}。",
    button: "兑换为 {{amount}}",
    converting: "正在兑换…",
    done: "已兑换回：收到 {{amount}}。",
  },
};

export const fxNamespace = "fx";

if (!i18n.hasResourceBundle("en", fxNamespace)) {
  i18n.addResourceBundle("en", fxNamespace, en, true, false);
  i18n.addResourceBundle("zh-CN", fxNamespace, zh, true, false);
}
