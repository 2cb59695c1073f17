// Stores: POST /api/stores (pending, with the registerMerchant call to send), POST
// /api/stores/:storeId/registered (confirm on-chain), GET /api/stores[/:storeId].
import { z } from "zod";
import { address, bytes, currency, hex32In, id } from "./primitives.ts";

export const storeParams = z.object({ storeId: id });

export const createStoreBody = z.object({
  name: z.string().trim().min(1).max(64),
  currency,
  loyaltyBps: z.number().int().min(0).max(10_000).default(100),
});

export const registeredBody = z.object({ transactionHash: hex32In });

export const store = z.object({
  id: z.string(),
  name: z.string(),
  currency,
  settlementToken: address,
  payout: address,
  ownerAccount: address,
  merchantId: z.string().nullable(),
  feeBps: z.number().nullable(),
  status: z.enum(["pending", "active"]),
});

/** A call for the signed-in account to send (as one sponsored user operation). */
export const call = z.object({ to: address, data: bytes });

export const createStoreResult = z.object({ store, calls: z.array(call) });
export const storeResult = z.object({ store });
export const storeList = z.object({ stores: z.array(store) });

export type Currency = z.output<typeof currency>;
export type CreateStoreBody = z.input<typeof createStoreBody>;
export type Store = z.output<typeof store>;
export type Call = z.output<typeof call>;
export type CreateStoreResult = z.output<typeof createStoreResult>;
