// What the counter routes share: the escrow (503 without one), the signed-in account, the public
// origin for links, and the chain client.
import type { FastifyRequest } from "fastify";
import { getAddress, type Address } from "viem";
import type { RelayerContext } from "../context.ts";
import { optionalSessionAccount } from "../auth/sessions.ts";
import { CounterError } from "./errors.ts";

export type CounterDeps = {
  readonly context: RelayerContext;
  readonly origin: string;
  escrow(): Address;
  /** The signed-in account (after `context.authenticate`). */
  account(request: FastifyRequest): Address;
  /** The signed-in account if the request carries a session, else undefined (a bad session is still a 401). */
  optionalAccount(request: FastifyRequest): Promise<Address | undefined>;
};

export function createCounterDeps(context: RelayerContext): CounterDeps {
  const { config } = context;
  return {
    context,
    origin: config.commerce.publicOrigin,
    escrow() {
      if (!config.contracts.escrow) throw new CounterError("escrow_unavailable", "No payment escrow is configured on this relayer.");
      return config.contracts.escrow;
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

/** Decimals of a store's settlement token (6 when the token is not one this deployment lists). */
export function storeDecimals(context: RelayerContext, settlementToken: string): number {
  const token = context.config.contracts.tokens.find((candidate) => candidate.address.toLowerCase() === settlementToken.toLowerCase());
  return token?.decimals ?? 6;
}
