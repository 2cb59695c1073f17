// The auditor page's strings, English and Simplified Chinese, kept out of the app's main bundles: they are
// added to i18next when this lazily loaded page is first imported, for the current language and for each
// language chosen later (after the app has loaded that language's main strings, so its own loader still
// sees the main bundle missing and fetches it).
import i18n from "i18next";
import type { AuditReason } from "@paykey/sdk/api/reasons";

export const en = {
  title: "Audit",
  intro: "Check a merchant's books against the chain: every payment is re-read from the escrow's on-chain receipts and compared with the relayer's ledger.",
  signIn: {
    title: "Sign in as an auditor",
    explain: "Use the passkey of the account a merchant granted audit access to. Auditors can read everything they are granted and change nothing.",
    button: "Sign in as auditor",
    newHere: "New auditor? Create a passkey account, then give its address to the merchant.",
    create: "Create a passkey account",
    yourAccount: "Your account — give this address to the merchant:",
    waiting: "Follow your device's passkey prompt…",
  },
  session: { signedInAs: "Signed in as auditor", signOut: "Sign out", noStores: "No store has granted you access yet." },
  run: {
    title: "Reconcile a store",
    store: "Store",
    from: "From",
    to: "To (included)",
    start: "Run reconciliation",
    progress: "{{scanned}} / {{total}} blocks · {{logs}} logs · {{rate}} logs/s",
    phase: {
      range: "Finding the period's blocks",
      scan: "Reading escrow logs from the chain",
      conservation: "Checking the escrow's balances",
      ledger: "Reading the ledger",
      reconcile: "Comparing",
      done: "Done",
    },
  },
  result: {
    ok: "The books reconcile: no unexplained difference.",
    failed_one: "{{count}} unexplained difference.",
    failed_other: "{{count}} unexplained differences.",
    explained_one: "{{count}} explained (not final yet).",
    explained_other: "{{count}} explained (not final yet).",
    conservationOk: "Conservation holds: the escrow holds everything still authorized.",
    conservationFailed: "Conservation fails: the escrow holds less than its payments say.",
    blocks: "Blocks {{from}} – {{to}}",
    books: "{{payments}} payments, {{events}} on-chain events",
    sha: "Report SHA-256",
    downloadJson: "Download JSON",
    downloadCsv: "Download CSV",
    none: "No differences.",
    column: { category: "Difference", payment: "Payment", field: "Field", chain: "On-chain", ledger: "Ledger" },
  },
  category: {
    missing_in_ledger: "Missing in ledger",
    extra_in_ledger: "Extra in ledger",
    amount_differs: "Amount differs",
    status_differs: "Status differs",
    not_final_yet: "Not final yet",
    reorged_away: "Reorged away",
    line_items_mismatch: "Line items don't match",
    detail_differs: "Detail differs",
  },
  receipt: {
    title: "Verify a receipt",
    ref: "Payment id, transaction hash or user-operation hash",
    verify: "Verify",
    invalid: "Enter 32 bytes of hex: 0x and 64 characters.",
    matchedAs: { paymentId: "Found by payment id", transactionHash: "Found by transaction hash", userOpHash: "Found by user-operation hash" },
    state: {
      verified: "Verified on-chain: the itemised receipt matches what the payment committed to.",
      mismatch: "Does not match the chain: the itemised receipt was changed.",
      pending: "On-chain, with no itemised receipt to check.",
    },
    check: { lineItems: "Line items", orderRef: "Order reference", price: "Price" },
    open: "Open the receipt",
    step: "{{kind}} · block {{block}}",
    userOp: "User operation",
    transaction: "Transaction",
  },
  reason: {
    auditor_read_only: "An auditor can look but not change anything.",
    not_granted: "This store has not granted you audit access.",
    not_auditor: "Sign in as an auditor first.",
    invalid_period: "The period covers no block: check the dates.",
    audit_busy: "Other audits are running; retry in a minute.",
    chain_unavailable: "The chain could not be read; retry shortly.",
    receipt_not_found: "No payment on-chain matches this reference.",
  } satisfies Record<AuditReason | "invalid_period", string>,
};

export const zh: typeof en = {
  title: "审计",
  intro: "依据链上数据核对商户账簿：每笔付款都从托管合约的链上收据重新读取，并与中继服务的账本比对。",
  signIn: {
    title: "以审计员身份登录",
    explain: "请使用商户已授予审计权限的账户通行密钥。审计员可以查看被授权的全部内容，但不能做任何更改。",
    button: "以审计员身份登录",
    newHere: "新审计员？先创建通行密钥账户，再把地址交给商户。",
    create: "创建通行密钥账户",
    yourAccount: "您的账户——请将此地址交给商户：",
    waiting: "请按设备上的通行密钥提示操作…",
  },
  session: { signedInAs: "已以审计员身份登录", signOut: "退出登录", noStores: "还没有商店授予您访问权限。" },
  run: {
    title: "对账",
    store: "商店",
    from: "开始日期",
    to: "结束日期（含）",
    start: "开始对账",
    progress: "{{scanned}} / {{total}} 个区块 · {{logs}} 条日志 · 每秒 {{rate}} 条",
    phase: {
      range: "正在确定期间的区块",
      scan: "正在从链上读取托管日志",
      conservation: "正在核对托管余额",
      ledger: "正在读取账本",
      reconcile: "正在比对",
      done: "完成",
    },
  },
  result: {
    ok: "账目一致：没有无法解释的差异。",
    failed_one: "{{count}} 处无法解释的差异。",
    failed_other: "{{count}} 处无法解释的差异。",
    explained_one: "{{count}} 处已解释（尚未最终确认）。",
    explained_other: "{{count}} 处已解释（尚未最终确认）。",
    conservationOk: "守恒成立：托管合约持有全部仍处于授权状态的资金。",
    conservationFailed: "守恒不成立：托管合约持有的资金少于付款记录。",
    blocks: "区块 {{from}} – {{to}}",
    books: "{{payments}} 笔付款，{{events}} 个链上事件",
    sha: "报告 SHA-256",
    downloadJson: "下载 JSON",
    downloadCsv: "下载 CSV",
    none: "没有差异。",
    column: { category: "差异", payment: "付款", field: "字段", chain: "链上", ledger: "账本" },
  },
  category: {
    missing_in_ledger: "账本缺失",
    extra_in_ledger: "账本多出",
    amount_differs: "金额不符",
    status_differs: "状态不符",
    not_final_yet: "尚未最终确认",
    reorged_away: "已被重组移除",
    line_items_mismatch: "商品明细不符",
    detail_differs: "详情不符",
  },
  receipt: {
    title: "验证收据",
    ref: "付款 ID、交易哈希或用户操作哈希",
    verify: "验证",
    invalid: "请输入 32 字节的十六进制：0x 加 64 个字符。",
    matchedAs: { paymentId: "按付款 ID 找到", transactionHash: "按交易哈希找到", userOpHash: "按用户操作哈希找到" },
    state: {
      verified: "已在链上验证：商品明细与付款承诺的内容一致。",
      mismatch: "与链上不符：商品明细已被更改。",
      pending: "已上链，但没有可核对的商品明细。",
    },
    check: { lineItems: "商品明细", orderRef: "订单号", price: "价格" },
    open: "打开收据",
    step: "{{kind}} · 区块 {{block}}",
    userOp: "用户操作",
    transaction: "交易",
  },
  reason: {
    auditor_read_only: "审计员只能查看，不能做任何更改。",
    not_granted: "此商店未授予您审计权限。",
    not_auditor: "请先以审计员身份登录。",
    invalid_period: "该期间不包含任何区块，请检查日期。",
    audit_busy: "其他审计正在进行，请稍后重试。",
    chain_unavailable: "无法读取链上数据，请稍后重试。",
    receipt_not_found: "链上没有与此引用匹配的付款。",
  },
};

const bundles: Record<string, typeof en> = { en, "zh-CN": zh };

function addStrings(language: string): void {
  const strings = bundles[language];
  if (strings && !i18n.exists("audit.title", { lng: language, fallbackLng: false })) {
    i18n.addResourceBundle(language, "translation", { audit: strings }, true, false);
  }
}

/** Makes the page's strings available now and in every language chosen later (call once). */
export function registerAuditStrings(): void {
  addStrings(i18n.language);
  i18n.on("languageChanged", addStrings);
}
