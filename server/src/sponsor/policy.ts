// The sponsorship policy, checked off-chain before the paymaster signs: registered account,
// the account factory, allowlisted calls, screening, the gas-price ceiling, review rules
// (large amount, velocity) and the daily caps (operations and gas per account, a global
// budget in wei). Each refusal names its rule and the values involved.
//
// The gas-price ceiling only refuses new sponsorships: operations already accepted are
// executed whatever the price (the executor never checks it), so a spike cannot strand them.
import type { Address } from "viem";
import type { UserOperation } from "viem/account-abstraction";
import type { Config } from "../config.ts";
import type { Queryable } from "../db/store.ts";
import { isRegisteredAccount } from "../auth/credentials.ts";
import { maxGasOf } from "../rpc/userOperation.ts";
import { checkCalls } from "./allowlist.ts";
import { decodeAccountCalls, type AccountCall } from "./calls.ts";
import { committedToday, releaseExpiredSponsorships } from "./budget.ts";
import { accountUsageToday, recordFlag, screenAndUsage, type AccountUsage } from "./gasUsage.ts";
import { refuse } from "./refusal.ts";

export type PolicyDeps = {
  config: Config;
  now: () => Date;
  /** The latest block (cached for a moment): gas-price ceiling and sponsorship validity. */
  latestBlock: () => Promise<{ timestamp: bigint; baseFeePerGas: bigint }>;
  /** Whether an account signed up here; a yes never changes, so it is remembered. */
  isRegistered: (db: Queryable, account: Address) => Promise<boolean>;
  /** Feature modules' own rules over the calls (see `Sponsor.addCallRule`), run after the allowlist. */
  callRules: SponsorCallRule[];
};

/** A module's rule over an operation's calls (already allowlisted): throws a `refuse(…)` to refuse it. */
export type SponsorCallRule = (db: Queryable, op: UserOperation<"0.8">, calls: readonly AccountCall[]) => Promise<void>;

/** `isRegisteredAccount` remembering the accounts found (at most `max`). */
export function rememberRegistered(max = 100_000): PolicyDeps["isRegistered"] {
  const known = new Set<string>();
  return async (db, account) => {
    const key = account.toLowerCase();
    if (known.has(key)) return true;
    const registered = await isRegisteredAccount(db, key);
    if (registered) {
      if (known.size >= max) known.clear();
      known.add(key);
    }
    return registered;
  };
}

export type SponsorshipCost = { maxGas: bigint; maxCostWei: bigint };

/**
 * The one clock a paymaster signature's validity is set and judged by. The EntryPoint compares
 * validUntil with the including block's timestamp, which is at least the latest block's (a
 * local chain's clock can run ahead of ours) and, on a live chain, about our own time. An
 * unused sponsorship counts against the caps until this clock passes its validUntil: judged by
 * our clock alone, a signature set from a chain running ahead would be released while the
 * chain still accepts it.
 */
export function sponsorshipClock(now: Date, blockTimestamp: bigint): Date {
  return new Date(Math.max(now.getTime(), Number(blockTimestamp) * 1000));
}

/**
 * Rules that need no usage data: what is called, by whom, at what gas price. Also returns
 * the sender's sponsorships in the velocity window and its usage today (for checkCaps), read
 * with the screening in one query.
 */
export async function checkRules(
  deps: PolicyDeps,
  db: Queryable,
  op: UserOperation<"0.8">,
): Promise<{ paymentAmounts: bigint[]; blockTimestamp: bigint; recent: number; usage: AccountUsage }> {
  const { config } = deps;
  const policy = config.policy;
  if (policy.registeredAccountsOnly && !(await deps.isRegistered(db, op.sender))) {
    throw refuse("account_not_registered", "Only accounts created with a Paykey passkey are sponsored.", { sender: op.sender });
  }
  if (op.factory && op.factory.toLowerCase() !== config.contracts.accountFactory.toLowerCase()) {
    throw refuse("factory_not_allowed", "Only Paykey accounts are deployed with sponsored gas.", { factory: op.factory });
  }
  const calls = decodeAccountCalls(op.sender, op.callData);
  const checked = checkCalls(calls, {
    sender: op.sender,
    escrow: config.contracts.escrow,
    stablecoins: config.contracts.stablecoins,
    fxRouter: config.contracts.fxRouter,
  });
  // Recovery calls to another account are sponsored only towards Paykey accounts (not any contract
  // that happens to share the selector).
  for (const target of checked.recoveryTargets) {
    if (!(await deps.isRegistered(db, target))) throw refuse("target_not_allowed", "Recovery calls are sponsored only towards Paykey accounts.", { target });
  }
  for (const rule of deps.callRules) await rule(db, op, calls);

  const addresses = [...checked.addresses];
  const configured = new Set(policy.blocklist.map((address) => address.toLowerCase()));
  const now = deps.now();
  const since = new Date(now.getTime() - policy.velocityWindowSeconds * 1000);
  const block = await deps.latestBlock();
  const usageAt = { sender: op.sender, nonce: op.nonce, now, liveAt: sponsorshipClock(now, block.timestamp) };
  const screening = await screenAndUsage(db, addresses, usageAt, since);
  const blocked = addresses.find((address) => configured.has(address)) ?? screening.blocked;
  if (blocked) throw refuse("address_blocked", "This payment involves a blocked address.", { address: blocked });

  if (op.maxFeePerGas > policy.maxGasPriceWei) {
    throw refuse("gas_price_ceiling", "Gas is too expensive to sponsor right now; retry later.", {
      limit: policy.maxGasPriceWei,
      maxFeePerGas: op.maxFeePerGas,
    });
  }
  if (block.baseFeePerGas > policy.maxGasPriceWei) {
    throw refuse("gas_price_ceiling", "Gas is too expensive to sponsor right now; retry later.", {
      limit: policy.maxGasPriceWei,
      baseFeePerGas: block.baseFeePerGas,
    });
  }
  return { paymentAmounts: checked.paymentAmounts, blockTimestamp: block.timestamp, recent: screening.recent, usage: screening.usage };
}

async function flagForReview(deps: PolicyDeps, db: Queryable, sender: Address, rule: string, details: Record<string, unknown>): Promise<never> {
  await recordFlag(db, { sender, rule, details, now: deps.now() });
  throw refuse("review_required", "This payment needs a review before it can be sponsored.", { rule, ...details });
}

/**
 * Review rules: a payment at or above the review amount; too many sponsorships in the window
 * (`recent`, as checkRules counted them).
 */
export async function checkReviewRules(
  deps: PolicyDeps,
  db: Queryable,
  op: UserOperation<"0.8">,
  checked: { paymentAmounts: readonly bigint[]; recent: number },
) {
  const policy = deps.config.policy;
  const large = checked.paymentAmounts.find((amount) => amount >= policy.reviewAmount);
  if (large !== undefined) await flagForReview(deps, db, op.sender, "large_amount", { amount: large, limit: policy.reviewAmount });
  const { recent } = checked;
  if (recent >= policy.velocityMaxOps) {
    await flagForReview(deps, db, op.sender, "velocity", {
      limit: policy.velocityMaxOps,
      windowSeconds: policy.velocityWindowSeconds,
      used: recent,
    });
  }
}

/**
 * Daily caps (days by our clock; expiry by `sponsorshipClock` with the latest block's
 * `blockTimestamp`) on `usage` (read now when not given). `cost` is undefined at the stub
 * stage, when the gas is not known yet. Returns what signing `cost` adds to today's global
 * spend (an earlier signature of the same (sender, nonce) already counts) and the account's
 * version the usage was read at: recorded with `recordSponsorship` on that version, the
 * decision holds across instances (budget.ts).
 */
export async function checkCaps(
  deps: PolicyDeps,
  db: Queryable,
  op: UserOperation<"0.8">,
  cost: SponsorshipCost | undefined,
  blockTimestamp: bigint,
  usage?: AccountUsage,
): Promise<{ added: bigint; version: bigint }> {
  const policy = deps.config.policy;
  const now = deps.now();
  const liveAt = sponsorshipClock(now, blockTimestamp);
  usage ??= await accountUsageToday(db, op.sender, op.nonce, now, liveAt);
  if (usage.ops + 1 > policy.dailyOpsPerAccount) {
    throw refuse("daily_op_cap", "This account reached today's number of sponsored payments.", {
      limit: policy.dailyOpsPerAccount,
      used: usage.ops,
    });
  }
  if (cost && usage.gas + cost.maxGas > policy.dailyGasPerAccount) {
    throw refuse("daily_gas_cap", "This account reached today's sponsored gas.", {
      limit: policy.dailyGasPerAccount,
      used: usage.gas,
      requested: cost.maxGas,
    });
  }
  const { currentCost } = usage;
  const spentOf = (total: bigint) => (total > currentCost ? total - currentCost : 0n);
  let spent = spentOf(usage.budgetCommitted);
  // Expired unused sponsorships count until released: release them before refusing.
  if (spent + (cost?.maxCostWei ?? 0n) > policy.dailyBudgetWei && (await releaseExpiredSponsorships(db, now, liveAt)) > 0n) {
    spent = spentOf(await committedToday(db, now));
  }
  if (spent + (cost?.maxCostWei ?? 0n) > policy.dailyBudgetWei) {
    throw refuse("daily_budget", "Today's sponsorship budget is used up; retry tomorrow.", {
      limit: policy.dailyBudgetWei,
      used: spent,
      requested: cost?.maxCostWei ?? 0n,
    });
  }
  const added = (cost?.maxCostWei ?? 0n) - currentCost;
  return { added: added > 0n ? added : 0n, version: usage.version };
}

export function costOf(op: UserOperation<"0.8">): SponsorshipCost {
  const maxGas = maxGasOf(op);
  return { maxGas, maxCostWei: maxGas * op.maxFeePerGas };
}
