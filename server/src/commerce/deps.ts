// What the commerce routes share: the escrow address (the module answers 503 without one),
// the settlement token of a currency, the signed-in account, the faucet.
import type { FastifyRequest } from "fastify";
import { getAddress, type Address } from "viem";
import type { SettlementToken } from "../config.ts";
import type { RelayerContext } from "../context.ts";
import { optionalSessionAccount } from "../auth/sessions.ts";
import { CommerceError } from "./errors.ts";
import { createFaucet, type Faucet } from "./faucet.ts";

export type CommerceDeps = {
  readonly context: RelayerContext;
  readonly faucet: Faucet;
  escrow(): Address;
  token(currency: string): SettlementToken;
  /** The signed-in account (after `context.authenticate`). */
  account(request: FastifyRequest): Address;
  /** The signed-in account if the request carries a session, else undefined (a bad session is still a 401). */
  optionalAccount(request: FastifyRequest): Promise<Address | undefined>;
};

export function createCommerceDeps(context: RelayerContext): CommerceDeps {
  const { config } = context;
  return {
    context,
    faucet: createFaucet({ config, store: context.store, publicClient: context.publicClient, logger: context.logger }),
    escrow() {
      if (!config.contracts.escrow) throw new CommerceError("escrow_unavailable", "No payment escrow is configured on this relayer.");
      return config.contracts.escrow;
    },
    token(currency) {
      const token = config.contracts.tokens.find((candidate) => candidate.currency === currency);
      if (!token) throw new CommerceError("currency_unavailable", `No ${currency} stablecoin is deployed on this chain.`);
      return token;
    },
    account(request) {
      return getAddress(request.session!.accountAddress);
    },
    async optionalAccount(request) {
      const account = await optionalSessionAccount(context.store, request, context.now());
      return account ? getAddress(account) : undefined;
    },
  };
}
