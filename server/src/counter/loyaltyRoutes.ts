// Loyalty points: the store's rate and outstanding points (read from the chain), the owner's
// `updateMerchant` call that changes the rate, and a payer's points per merchant.
import { encodeFunctionData } from "viem";
import { z } from "zod";
import { id } from "@paykey/sdk/api";
import { loyaltyBody, loyaltyCallsOut, loyaltyOut, pointsOut } from "@paykey/sdk/api/counter";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import type { RelayerApp } from "../http/app.ts";
import { authorizeStore, storeAccess } from "./access.ts";
import type { ChainReader } from "./chain.ts";
import { storeDecimals, type CounterDeps } from "./deps.ts";
import { CounterError } from "./errors.ts";

const tags = ["loyalty"];
const storeParams = z.object({ storeId: id });

export function registerLoyaltyRoutes(app: RelayerApp, deps: CounterDeps, chain: ChainReader): void {
  const { context } = deps;
  const { store: db } = context;

  const activeMerchant = (merchantId: string | null) => {
    if (merchantId === null) throw new CounterError("store_not_active", "Register the store on-chain first.");
    return BigInt(merchantId);
  };

  app.get(
    "/api/stores/:storeId/loyalty",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "The store's loyalty rate, outstanding points and coupon signer, read from the chain (owner or cashier)", params: storeParams, response: { 200: loyaltyOut } },
    },
    async (request) => {
      const { store } = await authorizeStore(db, request.params.storeId, deps.account(request), storeAccess.sell);
      const merchantId = activeMerchant(store.merchant_id);
      const [merchant, outstanding] = await Promise.all([chain.merchant(merchantId), chain.outstandingPoints(merchantId)]);
      return { loyaltyBps: merchant.loyaltyBps, outstanding: outstanding.toString(), couponSigner: merchant.couponSigner };
    },
  );

  app.post(
    "/api/stores/:storeId/loyalty",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "The updateMerchant call that sets the loyalty rate (payout, token and coupon signer as they are on-chain); send it from the owner's account (store owner)",
        params: storeParams,
        body: loyaltyBody,
        response: { 200: loyaltyCallsOut },
      },
    },
    async (request) => {
      const { store } = await authorizeStore(db, request.params.storeId, deps.account(request), storeAccess.manage);
      const merchantId = activeMerchant(store.merchant_id);
      const merchant = await chain.merchant(merchantId);
      const data = encodeFunctionData({
        abi: iPaymentEscrowAbi,
        functionName: "updateMerchant",
        args: [merchantId, merchant.payout, merchant.settlementToken, merchant.couponSigner, request.body.loyaltyBps],
      });
      return { calls: [{ to: deps.escrow(), data }] };
    },
  );

  app.get(
    "/api/me/points",
    { preHandler: context.authenticate, schema: { tags, summary: "The signed-in payer's loyalty points at each merchant it has paid (read from the chain)", response: { 200: pointsOut } } },
    async (request) => {
      const payer = deps.account(request);
      const merchants = await db.query<{ merchant_id: string; id: string | null; name: string | null; currency: string | null; settlement_token: string | null }>(
        `SELECT DISTINCT p.merchant_id, s.id, s.name, s.currency, s.settlement_token
           FROM commerce_payments p LEFT JOIN commerce_stores s ON s.merchant_id = p.merchant_id
          WHERE p.payer = $1 ORDER BY p.merchant_id LIMIT 200`,
        [payer.toLowerCase()],
      );
      const balances = await Promise.all(merchants.map((row) => chain.pointsOf(payer, BigInt(row.merchant_id))));
      return {
        points: merchants.map((row, index) => ({
          merchantId: row.merchant_id,
          balance: balances[index]!.toString(),
          store:
            row.id === null
              ? null
              : { id: row.id, name: row.name!, currency: row.currency!, decimals: storeDecimals(context, row.settlement_token!) },
        })),
      };
    },
  );
}
