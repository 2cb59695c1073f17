// The ERC-7677 paymaster service: stub data for gas estimation (after the cheap policy
// checks) and signed paymaster data (after every check, recorded only if the account's usage
// the caps were checked on is still current: see recordSponsorship).
import { type Address, type Hex, type PublicClient } from "viem";
import { keccak256 } from "../keccak.ts";
import type { UserOperation } from "viem/account-abstraction";
import type { Config } from "../config.ts";
import type { Store } from "../db/store.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../http/metrics.ts";
import { recordSponsorship } from "./gasUsage.ts";
import { createPaymasterSigner, stubPaymasterData, type PaymasterSigner } from "./paymasterSigner.ts";
import { checkCaps, checkReviewRules, checkRules, costOf, rememberRegistered, sponsorshipClock, type PolicyDeps, type SponsorCallRule } from "./policy.ts";
import { committedToday } from "./budget.ts";
import { refuse } from "./refusal.ts";
import { RpcError, rpcErrorCodes } from "../errors/rpc.ts";

/** Gas for the paymaster's validation (ECDSA over the EIP-712 request): measured ~25k; room for long call data. */
export const paymasterVerificationGas = 60_000n;
/** The paymaster has no postOp (empty context), so none is reserved. */
export const paymasterPostOpGas = 0n;
/**
 * Decisions for one request before it is refused as busy: each decision after the first
 * means another sponsorship for the same account was recorded meanwhile (at any instance).
 */
const maxDecisions = 8;

export type PaymasterStub = {
  paymaster: Address;
  paymasterData: Hex;
  paymasterVerificationGasLimit: bigint;
  paymasterPostOpGasLimit: bigint;
  isFinal: false;
  sponsor: { name: string };
};

export type PaymasterResult = {
  paymaster: Address;
  paymasterData: Hex;
  paymasterVerificationGasLimit: bigint;
  paymasterPostOpGasLimit: bigint;
};

export type Sponsor = {
  readonly paymaster: Address;
  readonly signer: Address;
  stubData(op: UserOperation<"0.8">): Promise<PaymasterStub>;
  paymasterData(op: UserOperation<"0.8">): Promise<PaymasterResult>;
  /** keccak256 of an operation's paymasterData: links an included operation to its sponsorship. */
  sponsorshipKey(paymasterData: Hex): string;
  /** Adds a feature module's rule over the calls it sponsors (e.g. what a cashier may do at the escrow). */
  addCallRule(rule: SponsorCallRule): void;
};

export async function createSponsor(deps: {
  config: Config;
  store: Store;
  publicClient: PublicClient;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
  latestBlock: PolicyDeps["latestBlock"];
  /** Refuses an operation whose calls revert now (Simulator.checkExecution), before anything is signed. */
  checkExecution: (op: UserOperation<"0.8">) => Promise<void>;
}): Promise<Sponsor> {
  const { config, store, metrics } = deps;
  const signer: PaymasterSigner = await createPaymasterSigner({
    client: deps.publicClient,
    paymaster: config.contracts.paymaster,
    privateKey: config.keys.paymasterSigner,
    chainId: config.chain.id,
  });
  const policyDeps: PolicyDeps = {
    config,
    now: deps.now,
    latestBlock: deps.latestBlock,
    isRegistered: rememberRegistered(),
    callRules: [],
  };

  const withGas = (op: UserOperation<"0.8">): UserOperation<"0.8"> => ({
    ...op,
    paymaster: signer.paymaster,
    paymasterVerificationGasLimit: op.paymasterVerificationGasLimit || paymasterVerificationGas,
    paymasterPostOpGasLimit: op.paymasterPostOpGasLimit ?? paymasterPostOpGas,
  });

  // On the clock the caps judge expiry by (see sponsorshipClock).
  const validUntil = (blockTimestamp: bigint) =>
    Math.floor(sponsorshipClock(deps.now(), blockTimestamp).getTime() / 1000) + config.policy.validitySeconds;

  const counted = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      const result = await run();
      metrics.sponsorships.inc({ outcome: "signed" });
      return result;
    } catch (error) {
      const reason = (error as { data?: { reason?: string } }).data?.reason ?? "error";
      metrics.sponsorships.inc({ outcome: reason });
      throw error;
    }
  };

  return {
    paymaster: signer.paymaster,
    signer: signer.address,
    sponsorshipKey: (paymasterData) => keccak256(paymasterData),
    addCallRule: (rule) => void policyDeps.callRules.push(rule),

    async stubData(op) {
      const checked = await checkRules(policyDeps, store, op);
      await checkReviewRules(policyDeps, store, op, checked);
      await checkCaps(policyDeps, store, op, undefined, checked.blockTimestamp, checked.usage);
      return {
        paymaster: signer.paymaster,
        paymasterData: stubPaymasterData(validUntil(checked.blockTimestamp)),
        paymasterVerificationGasLimit: paymasterVerificationGas,
        paymasterPostOpGasLimit: paymasterPostOpGas,
        isFinal: false,
        sponsor: { name: config.auth.rpName },
      };
    },

    paymasterData: (op) =>
      counted(async () => {
        const sponsored = withGas(op);
        const checked = await checkRules(policyDeps, store, sponsored);
        await checkReviewRules(policyDeps, store, sponsored, checked);
        // A call that reverts would still cost the paymaster its gas: none is signed (the stub
        // paymaster data lets the paymaster's own validation run without a signature).
        await deps.checkExecution({ ...sponsored, paymasterData: stubPaymasterData(validUntil(checked.blockTimestamp)) });
        const cost = costOf(sponsored);
        const until = validUntil(checked.blockTimestamp);
        // Decided on the usage read with the screening; recorded only if no other sponsorship
        // for this account was recorded since (at any instance), else decided again on the new
        // usage. No transaction stays open while the paymaster signs.
        let usage: typeof checked.usage | undefined = checked.usage;
        let paymasterData: Hex | undefined;
        for (let decision = 1; decision <= maxDecisions; decision++) {
          const { added, version } = await checkCaps(policyDeps, store, sponsored, cost, checked.blockTimestamp, usage);
          paymasterData ??= await signer.sign(sponsored, { validAfter: 0, validUntil: until });
          const now = deps.now();
          const sponsorship = {
            sender: sponsored.sender,
            nonce: sponsored.nonce,
            maxGas: cost.maxGas,
            maxCostWei: cost.maxCostWei,
            validUntil: new Date(until * 1000),
            paymasterDataHash: keccak256(paymasterData),
            now,
          };
          const outcome = await recordSponsorship(store, sponsorship, { wei: added, limit: config.policy.dailyBudgetWei }, version);
          if (outcome === "recorded") {
            return {
              paymaster: signer.paymaster,
              paymasterData,
              paymasterVerificationGasLimit: sponsored.paymasterVerificationGasLimit!,
              paymasterPostOpGasLimit: sponsored.paymasterPostOpGasLimit!,
            };
          }
          if (outcome === "budget") {
            throw refuse("daily_budget", "Today's sponsorship budget is used up; retry tomorrow.", {
              limit: config.policy.dailyBudgetWei,
              used: (await committedToday(store, now)) - (cost.maxCostWei - added),
              requested: cost.maxCostWei,
            });
          }
          usage = undefined;
        }
        throw new RpcError(rpcErrorCodes.limitExceeded, "Too many sponsorship requests for this account at once; retry.");
      }),
  };
}
