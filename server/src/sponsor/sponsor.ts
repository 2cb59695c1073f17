// The ERC-7677 paymaster service: stub data for gas estimation (after the cheap policy
// checks) and signed paymaster data (after every check, counted against the caps in the
// same transaction that records it).
import { keccak256, type Address, type Hex, type PublicClient } from "viem";
import type { UserOperation } from "viem/account-abstraction";
import type { Config } from "../config.ts";
import type { Store } from "../db/store.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../http/metrics.ts";
import { recordSponsorship } from "./gasUsage.ts";
import { createPaymasterSigner, stubPaymasterData, type PaymasterSigner } from "./paymasterSigner.ts";
import { checkCaps, checkReviewRules, checkRules, costOf, rememberRegistered, sponsorshipClock, type PolicyDeps } from "./policy.ts";
import { createSpendTracker } from "./spendTracker.ts";

/** Gas for the paymaster's validation (ECDSA over the EIP-712 request): measured ~25k; room for long call data. */
export const paymasterVerificationGas = 60_000n;
/** The paymaster has no postOp (empty context), so none is reserved. */
export const paymasterPostOpGas = 0n;

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
};

export async function createSponsor(deps: {
  config: Config;
  store: Store;
  publicClient: PublicClient;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
  latestBlock: PolicyDeps["latestBlock"];
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
    spend: createSpendTracker(),
    isRegistered: rememberRegistered(),
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

    async stubData(op) {
      const checked = await checkRules(policyDeps, store, op);
      await checkReviewRules(policyDeps, store, op, checked);
      await checkCaps(policyDeps, store, op, undefined, checked.blockTimestamp);
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
        const cost = costOf(sponsored);
        return store.transaction(async (tx) => {
          // One decision at a time, so two requests cannot both pass the same cap (PGlite's one
          // connection runs one transaction at a time already).
          if (store.kind === "postgres") await tx.query("SELECT pg_advisory_xact_lock(hashtext('paykey.sponsorship'))");
          const added = await checkCaps(policyDeps, tx, sponsored, cost, checked.blockTimestamp);
          const now = deps.now();
          const until = validUntil(checked.blockTimestamp);
          const paymasterData = await signer.sign(sponsored, { validAfter: 0, validUntil: until });
          await recordSponsorship(tx, {
            sender: sponsored.sender,
            nonce: sponsored.nonce,
            maxGas: cost.maxGas,
            maxCostWei: cost.maxCostWei,
            validUntil: new Date(until * 1000),
            paymasterDataHash: keccak256(paymasterData),
            now,
          });
          policyDeps.spend.add(added);
          return {
            paymaster: signer.paymaster,
            paymasterData,
            paymasterVerificationGasLimit: sponsored.paymasterVerificationGasLimit!,
            paymasterPostOpGasLimit: sponsored.paymasterPostOpGasLimit!,
          };
        });
      }),
  };
}
