// What every part of the relayer receives: configuration, storage, chain access, logs,
// metrics and the clock. Built once in `startRelayer` and passed explicitly.
import type { FastifyRequest } from "fastify";
import type { PublicClient } from "viem";
import type { AccountAddressResolver } from "./auth/accountAddress.ts";
import type { Config } from "./config.ts";
import type { Executor } from "./executor/executor.ts";
import type { Simulator } from "./executor/simulation.ts";
import type { Store } from "./db/store.ts";
import type { Metrics } from "./http/metrics.ts";
import type { Logger } from "./logger.ts";
import type { Sponsor } from "./sponsor/sponsor.ts";

export type RelayerContext = {
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly publicClient: PublicClient;
  readonly now: () => Date;
  /** Predicts a passkey's smart-account address (the account factory's `getAddress`). */
  readonly accountAddress: AccountAddressResolver;
  /** preHandler for routes that need a signed-in user; sets `request.session`. */
  readonly authenticate: (request: FastifyRequest) => Promise<void>;
  /** Simulation against the EntryPoint (validation, gas estimation). */
  readonly simulator: Simulator;
  /** The ERC-7677 paymaster service behind the sponsorship policy. */
  readonly sponsor: Sponsor;
  /** The outbox and the bundle submitter. */
  readonly executor: Executor;
};
