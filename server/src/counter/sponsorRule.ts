// What a cashier may do at the escrow, enforced where the relayer can: in its sponsorship policy.
//
// The chain's side (MerchantRegistry): an operator may capture, void and refund the merchant's payments
// (a refund is paid from the refunder's own balance, never from the merchant's); only the owner can
// change payout, settlement token, coupon signer and loyalty rate (`updateMerchant`), add or remove
// operators and transfer the merchant; only the escrow owner sets fees. So on-chain a cashier cannot
// redirect money or change settings, and a removed cashier (operator revoked) cannot capture.
//
// The relayer's side, here: a cashier's refund is never sponsored, nor a void of a payment priced above
// the store's cashier void limit, nor any capture/void/refund once the owner has removed the cashier
// (before the revocation is mined). A cashier that paid its own gas through another bundler could
// still void or refund (with its own money) on-chain; closing that needs per-operator permissions in
// the escrow, which the counter does not change.
import { getAddress, type Address } from "viem";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import type { PaymentTerms } from "@paykey/sdk/wallet";
import type { Config } from "../config.ts";
import type { SponsorCallRule } from "../sponsor/policy.ts";
import { refuse } from "../sponsor/refusal.ts";
import { decodeCall, functionsBySelector } from "../sponsor/allowlist.ts";
import { readCounterSettings } from "./settings.ts";

/** The escrow functions a cashier may call, by selector: a payment's calls are not decoded here. */
const merchantOperations = functionsBySelector(iPaymentEscrowAbi, ["capture", "void", "refund"]);

export function cashierSponsorRule(config: Config): SponsorCallRule {
  const escrow = config.contracts.escrow?.toLowerCase();
  const decimalsOf = (token: string) =>
    config.contracts.tokens.find((candidate) => candidate.address.toLowerCase() === token.toLowerCase())?.decimals ?? 6;

  return async (db, op, calls) => {
    if (!escrow) return;
    const sender = op.sender.toLowerCase();
    for (const call of calls) {
      if (call.to.toLowerCase() !== escrow) continue;
      let decoded: ReturnType<typeof decodeCall>;
      try {
        decoded = decodeCall(merchantOperations, call.data);
      } catch {
        continue; // the allowlist refuses what it cannot read
      }
      if (!decoded) continue;
      const terms = decoded.args[0] as PaymentTerms;
      const [cashier] = await db.query<{ status: string; store_id: string; settlement_token: string; owner_account: string }>(
        `SELECT c.status, s.id AS store_id, s.settlement_token, s.owner_account
           FROM counter_cashiers c JOIN commerce_stores s ON s.id = c.store_id
          WHERE s.merchant_id = $1 AND c.account = $2`,
        [terms.merchantId, sender],
      );
      // Not a cashier of this merchant: the owner, another operator or a stranger, for the chain to judge.
      if (!cashier || cashier.owner_account === sender) continue;
      const details = { merchantId: terms.merchantId, operation: decoded.functionName, cashier: getAddress(sender as Address) };
      if (cashier.status !== "active") throw refuse("operator_not_permitted", "This account is no longer a cashier of this store.", details);
      if (decoded.functionName === "refund") {
        throw refuse("operator_not_permitted", "Cashiers cannot refund; ask the store's owner.", details);
      }
      if (decoded.functionName === "void") {
        const { cashierVoidLimit } = await readCounterSettings(db, cashier.store_id, decimalsOf(cashier.settlement_token));
        if (terms.amount > cashierVoidLimit) {
          throw refuse("operator_not_permitted", "This sale is above the cashiers' void limit; ask the store's owner.", {
            ...details,
            amount: terms.amount,
            limit: cashierVoidLimit,
          });
        }
      }
    }
  };
}
