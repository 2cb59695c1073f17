// GET /api/config: what the web app needs to talk to this deployment (chain, contracts,
// tokens, faucet), and POST /api/faucet on the local chain.
import type { Address } from "viem";
import { appConfig, faucetResult } from "@paykey/sdk/api";
import type { RelayerApp } from "../http/app.ts";
import type { CommerceDeps } from "./deps.ts";
import { CommerceError } from "./errors.ts";
import { readLoyaltyPoints } from "./escrowReads.ts";

export function registerConfigRoutes(app: RelayerApp, deps: CommerceDeps): void {
  const { context } = deps;
  const { config } = context;
  let loyaltyPoints: Promise<Address | null> | undefined;
  const readPoints = () => {
    if (config.contracts.loyaltyPoints) return Promise.resolve(config.contracts.loyaltyPoints);
    const escrow = config.contracts.escrow;
    if (!escrow) return Promise.resolve(null);
    // Read once; a failed read is retried on the next request.
    loyaltyPoints ??= readLoyaltyPoints(context.publicClient, escrow).catch((error: unknown) => {
      loyaltyPoints = undefined;
      throw error;
    });
    return loyaltyPoints;
  };

  app.get(
    "/api/config",
    { schema: { tags: ["config"], summary: "Chain, contracts, tokens and faucet of this deployment (public)", response: { 200: appConfig } } },
    async () => ({
      chainId: config.chain.id,
      chainRpcUrl: config.commerce.publicRpcUrl ?? `${config.commerce.publicOrigin}/chain`,
      explorerUrl: config.commerce.explorerUrl ?? null,
      contracts: {
        entryPoint: config.contracts.entryPoint,
        paymentEscrow: config.contracts.escrow ?? null,
        accountFactory: config.contracts.accountFactory,
        sponsorPaymaster: config.contracts.paymaster,
        loyaltyPoints: await readPoints(),
      },
      tokens: config.contracts.tokens.map(({ currency, address, symbol, decimals }) => ({ currency, address, symbol, decimals })),
      faucet: config.commerce.faucetEnabled,
    }),
  );

  app.post(
    "/api/faucet",
    {
      preHandler: [
        // Disabled answers 404 before asking for a session: there is nothing here to sign in for.
        async () => {
          if (!config.commerce.faucetEnabled) throw new CommerceError("faucet_disabled", "There is no faucet on this chain.");
        },
        context.authenticate,
      ],
      schema: {
        tags: ["faucet"],
        summary: "Mint 100.00 of each test stablecoin to the signed-in account (local chain; once a minute per account)",
        response: { 200: faucetResult },
      },
    },
    async (request) => deps.faucet.drip(deps.account(request), context.now()),
  );
}
