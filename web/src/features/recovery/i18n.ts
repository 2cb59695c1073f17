// Strings of devices and recovery: revoking a lost device, the recovery guardian, a recovering device's
// page and the guardian's page. Namespace "recovery".
import { counterReasonTexts } from "../../i18n/counterReasons.ts";
import { addFeatureStrings } from "../../i18n/featureStrings.ts";

const en = {
  devices: {
    thisDevice: "This device",
    revoke: "Revoke",
    revokeConfirm: "Revoke this passkey? It will no longer open or sign for your wallet.",
    revoked: "Passkey revoked: it can no longer sign in or sign for your wallet.",
  },
  guardian: {
    title: "Recovery guardian",
    explain: "If you lose every device, your guardian — someone you trust, with a Paykey wallet — can add a new passkey for you. It only takes effect after the delay, and any device you still hold can cancel it.",
    none: "No guardian yet.",
    current: "Guardian: ",
    passkeyGuardian: "a passkey",
    delay: "Delay: {{hours}} h",
    address: "Guardian's wallet address",
    hours: "Delay in hours (1–720)",
    save: "Set the guardian on-chain",
    saved: "Guardian set on-chain.",
    badAddress: "Enter a wallet address (0x…).",
    lost: "Lost all your devices? On a new one, open",
  },
  pending: {
    title: "A recovery is under way",
    explain: "Your guardian proposed adding a new passkey to this wallet. It can be added from {{time}} (in about {{hours}} h). If you did not ask for this, cancel it now.",
    cancel: "Cancel the recovery",
    cancelled: "Recovery cancelled.",
  },
  recover: {
    title: "Recover your wallet",
    explain: "Create a passkey on this device, then send the link to your guardian. Once they approve and the delay has passed, this device opens your wallet.",
    account: "Your wallet address",
    create: "Create a passkey for recovery",
    created: "Passkey created on this device. Send this link to your guardian:",
    waiting: "Waiting for your guardian's approval…",
    proposed: "Approved by your guardian. The new passkey can be added from {{time}} (in about {{hours}} h), unless a device you still hold cancels it.",
    cancelled: "The recovery was cancelled by a device of this wallet.",
    ready: "The delay has passed; ask your guardian to finish the recovery.",
    done: "Recovered: this device is now a passkey of your wallet.",
    signIn: "Open my wallet",
    startOver: "Start over",
  },
  guardianPage: {
    title: "Help recover a wallet",
    explain: "The owner of this wallet lost their devices and asks you, their guardian, to add a new passkey.",
    wallet: "Wallet",
    passkey: "New passkey",
    notGuardian: "You are not this wallet's guardian, so you cannot approve this.",
    approve: "Approve the new passkey",
    delay: "It takes effect after {{hours}} h, unless the owner cancels it from a device they still hold.",
    proposed: "Approved. It can be added from {{time}}.",
    finish: "Finish the recovery",
    done: "Done: the new passkey now opens the wallet.",
    signIn: "Sign in with your own passkey wallet to approve",
  },
};

const zh: typeof en = {
  devices: {
    thisDevice: "本设备",
    revoke: "撤销",
    revokeConfirm: "撤销此通行密钥？它将无法再打开你的钱包或为其签名。",
    revoked: "通行密钥已撤销：它不能再登录或为你的钱包签名。",
  },
  guardian: {
    title: "恢复监护人",
    explain: "如果你丢失了所有设备，你信任的监护人（需有 Paykey 钱包）可以为你添加新的通行密钥。该操作要在延迟期过后才生效，期间你仍持有的任何设备都可以取消。",
    none: "尚未设置监护人。",
    current: "监护人：",
    passkeyGuardian: "一个通行密钥",
    delay: "延迟：{{hours}} 小时",
    address: "监护人的钱包地址",
    hours: "延迟小时数（1–720）",
    save: "在链上设置监护人",
    saved: "已在链上设置监护人。",
    badAddress: "请输入钱包地址（0x…）。",
    lost: "丢失了所有设备？请在新设备上打开",
  },
  pending: {
    title: "恢复正在进行",
    explain: "你的监护人提议为此钱包添加一个新的通行密钥。它可在 {{time}}（约 {{hours}} 小时后）添加。如果这不是你发起的，请立即取消。",
    cancel: "取消恢复",
    cancelled: "已取消恢复。",
  },
  recover: {
    title: "恢复你的钱包",
    explain: "在本设备上创建通行密钥，然后把链接发给你的监护人。监护人批准且延迟期过后，本设备即可打开你的钱包。",
    account: "你的钱包地址",
    create: "创建用于恢复的通行密钥",
    created: "已在本设备上创建通行密钥。请把此链接发给你的监护人：",
    waiting: "等待监护人批准…",
    proposed: "监护人已批准。新的通行密钥可在 {{time}}（约 {{hours}} 小时后）添加，除非你仍持有的设备将其取消。",
    cancelled: "此钱包的某台设备取消了恢复。",
    ready: "延迟期已过；请让监护人完成恢复。",
    done: "已恢复：本设备现在是你钱包的通行密钥。",
    signIn: "打开我的钱包",
    startOver: "重新开始",
  },
  guardianPage: {
    title: "帮助恢复钱包",
    explain: "此钱包的主人丢失了设备，请你作为监护人为其添加一个新的通行密钥。",
    wallet: "钱包",
    passkey: "新的通行密钥",
    notGuardian: "你不是此钱包的监护人，无法批准。",
    approve: "批准新的通行密钥",
    delay: "它将在 {{hours}} 小时后生效，除非主人用仍持有的设备取消。",
    proposed: "已批准。可在 {{time}} 添加。",
    finish: "完成恢复",
    done: "完成：新的通行密钥现在可以打开该钱包。",
    signIn: "用你自己的通行密钥钱包登录以批准",
  },
};

export const recoveryNs = addFeatureStrings("recovery", { en, zh });
addFeatureStrings("reasons", counterReasonTexts);
