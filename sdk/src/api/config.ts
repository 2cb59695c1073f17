// GET /api/config (what the web app needs to talk to a deployment) and POST /api/faucet.
import { z } from "zod";
import { address, hash, money } from "./primitives.ts";

export const appConfig = z.object({
  chainId: z.number(),
  /** Where the browser reads the chain itself (receipt verification); may be relative (`/chain`). */
  chainRpcUrl: z.string(),
  explorerUrl: z.string().nullable(),
  contracts: z.object({
    entryPoint: address,
    paymentEscrow: address.nullable(),
    accountFactory: address,
    sponsorPaymaster: address,
    loyaltyPoints: address.nullable(),
  }),
  // A deployment may describe settlement tokens of any currency; stores settle in `currency` ones.
  tokens: z.array(z.object({ currency: z.string(), address, symbol: z.string(), decimals: z.number() })),
  faucet: z.boolean(),
});

export const faucetResult = z.object({
  transactionHash: hash,
  transactionHashes: z.array(hash),
  amounts: z.array(z.object({ currency: z.string(), amount: money })),
});

export type AppConfig = z.output<typeof appConfig>;
export type FaucetResult = z.output<typeof faucetResult>;
