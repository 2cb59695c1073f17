// Merchants' stores: created pending by a signed-in account, made active once the account's
// `registerMerchant` transaction is read back from the chain (merchant id and disclosed fee).
import { randomBytes } from "node:crypto";
import { encodeFunctionData, getAddress, type Address, type Hex } from "viem";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import type { Queryable } from "../db/store.ts";
import { CommerceError } from "./errors.ts";
import type { Currency, Store as StoreOut } from "@paykey/sdk/api";

export type StoreRow = {
  id: string;
  owner_account: string;
  name: string;
  currency: Currency;
  settlement_token: string;
  payout: string;
  loyalty_bps: number;
  status: "pending" | "active";
  merchant_id: string | null;
  fee_bps: number | null;
  created_at: Date;
};

export function storeOut(row: StoreRow): StoreOut {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    settlementToken: getAddress(row.settlement_token),
    payout: getAddress(row.payout),
    ownerAccount: getAddress(row.owner_account),
    merchantId: row.merchant_id,
    feeBps: row.fee_bps,
    status: row.status,
  };
}

export async function insertStore(
  db: Queryable,
  parameters: { owner: Address; name: string; currency: string; settlementToken: Address; loyaltyBps: number; now: Date },
): Promise<StoreRow> {
  const [row] = await db.query<StoreRow>(
    `INSERT INTO commerce_stores (id, owner_account, name, currency, settlement_token, payout, loyalty_bps, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $2, $6, $7, $7) RETURNING *`,
    [
      randomBytes(12).toString("base64url"),
      parameters.owner.toLowerCase(),
      parameters.name,
      parameters.currency,
      parameters.settlementToken.toLowerCase(),
      parameters.loyaltyBps,
      parameters.now,
    ],
  );
  return row!;
}

export async function findStore(db: Queryable, storeId: string): Promise<StoreRow> {
  const [row] = await db.query<StoreRow>("SELECT * FROM commerce_stores WHERE id = $1", [storeId]);
  if (!row) throw new CommerceError("not_found", "No store with this id.");
  return row;
}

/** The store, if `account` owns it: 404 when unknown, 403 when someone else's. */
export async function findOwnedStore(db: Queryable, storeId: string, account: string): Promise<StoreRow> {
  const row = await findStore(db, storeId);
  if (row.owner_account !== account.toLowerCase()) throw new CommerceError("forbidden", "This store belongs to another account.");
  return row;
}

export async function listStores(db: Queryable, owner: string): Promise<StoreRow[]> {
  return db.query<StoreRow>("SELECT * FROM commerce_stores WHERE owner_account = $1 ORDER BY created_at DESC, id", [owner.toLowerCase()]);
}

export async function activateStore(
  db: Queryable,
  parameters: { storeId: string; merchantId: bigint; feeBps: number; transactionHash: Hex; now: Date },
): Promise<StoreRow> {
  try {
    const [row] = await db.query<StoreRow>(
      `UPDATE commerce_stores
          SET status = 'active', merchant_id = $2, fee_bps = $3, registration_tx = $4, updated_at = $5
        WHERE id = $1 RETURNING *`,
      [parameters.storeId, parameters.merchantId, parameters.feeBps, parameters.transactionHash, parameters.now],
    );
    return row!;
  } catch (error) {
    // Two stores raced for the same on-chain merchant; merchant_id is unique.
    if ((error as { code?: unknown }).code === "23505") {
      throw new CommerceError("merchant_claimed", "The merchant this transaction registered already backs another store.", { cause: error });
    }
    throw error;
  }
}

/** Records the merchant's fee as last read on-chain (it may change after registration). */
export async function updateStoreFee(db: Queryable, storeId: string, feeBps: number): Promise<void> {
  await db.query("UPDATE commerce_stores SET fee_bps = $2 WHERE id = $1 AND fee_bps IS DISTINCT FROM $2", [storeId, feeBps]);
}

/** The call the merchant's account sends to register: payout and coupon signer are the account itself. */
export function registerMerchantCall(escrow: Address, row: StoreRow): { to: Address; data: Hex } {
  const owner = getAddress(row.owner_account);
  return {
    to: escrow,
    data: encodeFunctionData({
      abi: iPaymentEscrowAbi,
      functionName: "registerMerchant",
      args: [owner, getAddress(row.settlement_token), owner, row.loyalty_bps],
    }),
  };
}
