// Cashiers: the owner creates an invite link (its secret stored only as a hash); a signed-in account
// accepts it and becomes a pending cashier; the owner makes it an escrow operator on-chain
// (`setMerchantOperator(merchantId, account, true)` from the owner's passkey account) and the relayer
// reads the chain to make it active. Removal is immediate here and on-chain once the owner's
// `setMerchantOperator(…, false)` is mined.
import { createHash, randomBytes } from "node:crypto";
import { encodeFunctionData, getAddress, type Address, type Hex, type PublicClient } from "viem";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import type { Cashier, Invite } from "@paykey/sdk/api/counter";
import type { Queryable, Store } from "../db/store.ts";
import { CounterError } from "./errors.ts";

export const inviteTtlSeconds = 7 * 86_400;

export type CashierRow = {
  store_id: string;
  account: string;
  label: string;
  status: "pending" | "active" | "removed";
  on_chain: boolean;
  created_at: Date;
  updated_at: Date;
};

type InviteRow = {
  id: string;
  store_id: string;
  token_hash: string;
  label: string;
  expires_at: Date;
  accepted_by: string | null;
  accepted_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
};

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function cashierOut(row: CashierRow): Cashier {
  return {
    account: getAddress(row.account),
    label: row.label,
    status: row.status,
    onChain: row.on_chain,
    createdAt: row.created_at.toISOString(),
  };
}

function inviteStatus(row: InviteRow, now: Date): Invite["status"] {
  if (row.revoked_at) return "revoked";
  if (row.accepted_by) return "accepted";
  return row.expires_at.getTime() <= now.getTime() ? "expired" : "open";
}

export function inviteOut(row: InviteRow, now: Date): Invite {
  return {
    id: row.id,
    label: row.label,
    status: inviteStatus(row, now),
    expiresAt: row.expires_at.toISOString(),
    acceptedBy: row.accepted_by ? getAddress(row.accepted_by) : null,
  };
}

export async function createInvite(db: Queryable, parameters: { storeId: string; label: string; now: Date }): Promise<{ invite: Invite; token: string }> {
  const token = randomBytes(32).toString("base64url");
  const [row] = await db.query<InviteRow>(
    `INSERT INTO counter_invites (id, store_id, token_hash, label, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [
      randomBytes(12).toString("base64url"),
      parameters.storeId,
      hashToken(token),
      parameters.label,
      new Date(parameters.now.getTime() + inviteTtlSeconds * 1000),
      parameters.now,
    ],
  );
  return { invite: inviteOut(row!, parameters.now), token };
}

export async function findInvite(db: Queryable, token: string): Promise<InviteRow> {
  const [row] = await db.query<InviteRow>("SELECT * FROM counter_invites WHERE token_hash = $1", [hashToken(token)]);
  if (!row) throw new CounterError("not_found", "This invite link is not valid.");
  return row;
}

/**
 * Makes `account` a pending cashier of the invite's store. One transaction: the invite row is locked,
 * so two accounts racing for one link cannot both get it.
 */
export async function acceptInvite(
  store: Store,
  parameters: { token: string; account: Address; now: Date },
): Promise<{ cashier: CashierRow; storeId: string }> {
  const account = parameters.account.toLowerCase();
  return store.transaction(async (tx) => {
    const [invite] = await tx.query<InviteRow>("SELECT * FROM counter_invites WHERE token_hash = $1 FOR UPDATE", [hashToken(parameters.token)]);
    if (!invite) throw new CounterError("not_found", "This invite link is not valid.");
    const status = inviteStatus(invite, parameters.now);
    if (status === "accepted") throw new CounterError("invite_used", "This invite has already been used; ask the owner for a new one.");
    if (status !== "open") throw new CounterError("invite_expired", "This invite has expired or was withdrawn; ask the owner for a new one.");
    const [owner] = await tx.query<{ owner_account: string }>("SELECT owner_account FROM commerce_stores WHERE id = $1", [invite.store_id]);
    if (owner?.owner_account === account) {
      throw new CounterError("owner_cannot_be_cashier", "You own this store; invite your cashier's account instead.");
    }
    const [existing] = await tx.query<CashierRow>("SELECT * FROM counter_cashiers WHERE store_id = $1 AND account = $2", [invite.store_id, account]);
    if (existing && existing.status !== "removed") throw new CounterError("already_cashier", "You are already a cashier of this store.");
    const [cashier] = await tx.query<CashierRow>(
      `INSERT INTO counter_cashiers (store_id, account, label, status, on_chain, created_at, updated_at)
       VALUES ($1, $2, $3, 'pending', false, $4, $4)
       ON CONFLICT (store_id, account) DO UPDATE SET status = 'pending', label = EXCLUDED.label, updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [invite.store_id, account, invite.label, parameters.now],
    );
    await tx.query("UPDATE counter_invites SET accepted_by = $2, accepted_at = $3 WHERE id = $1", [invite.id, account, parameters.now]);
    return { cashier: cashier!, storeId: invite.store_id };
  });
}

export async function listCashiers(db: Queryable, storeId: string, now: Date): Promise<{ cashiers: Cashier[]; invites: Invite[] }> {
  const [cashiers, invites] = await Promise.all([
    db.query<CashierRow>("SELECT * FROM counter_cashiers WHERE store_id = $1 ORDER BY created_at, account", [storeId]),
    db.query<InviteRow>("SELECT * FROM counter_invites WHERE store_id = $1 AND accepted_by IS NULL ORDER BY created_at DESC LIMIT 50", [storeId]),
  ]);
  return { cashiers: cashiers.map(cashierOut), invites: invites.map((row) => inviteOut(row, now)) };
}

export async function findCashier(db: Queryable, storeId: string, account: string): Promise<CashierRow> {
  const [row] = await db.query<CashierRow>("SELECT * FROM counter_cashiers WHERE store_id = $1 AND account = $2", [storeId, account.toLowerCase()]);
  if (!row) throw new CounterError("not_found", "No cashier with this account at this store.");
  return row;
}

/** Stores where `account` is a cashier (pending or active), with their names. */
export async function listStaffStores(db: Queryable, account: string) {
  return db.query<{ id: string; name: string; currency: string; merchant_id: string | null; status: CashierRow["status"] }>(
    `SELECT s.id, s.name, s.currency, s.merchant_id, c.status
       FROM counter_cashiers c JOIN commerce_stores s ON s.id = c.store_id
      WHERE c.account = $1 AND c.status <> 'removed'
      ORDER BY c.created_at DESC`,
    [account.toLowerCase()],
  );
}

/** The owner's call that adds (`allowed`) or removes a cashier as an escrow operator. */
export function operatorCall(escrow: Address, merchantId: bigint, account: Address, allowed: boolean): { to: Address; data: Hex } {
  return {
    to: escrow,
    data: encodeFunctionData({ abi: iPaymentEscrowAbi, functionName: "setMerchantOperator", args: [merchantId, getAddress(account), allowed] }),
  };
}

/**
 * Reads whether the escrow lists the cashier as an operator and moves its status with the chain:
 * pending → active once it is one; active → pending if the owner revoked it on-chain elsewhere.
 */
export async function syncCashier(
  db: Queryable,
  parameters: { client: PublicClient; escrow: Address; merchantId: bigint; cashier: CashierRow; now: Date },
): Promise<CashierRow> {
  const { cashier } = parameters;
  const onChain = await parameters.client.readContract({
    address: parameters.escrow,
    abi: iPaymentEscrowAbi,
    functionName: "isMerchantOperator",
    args: [parameters.merchantId, getAddress(cashier.account)],
  });
  const status = cashier.status === "removed" ? "removed" : onChain ? "active" : "pending";
  const [row] = await db.query<CashierRow>(
    "UPDATE counter_cashiers SET on_chain = $3, status = $4, updated_at = $5 WHERE store_id = $1 AND account = $2 RETURNING *",
    [cashier.store_id, cashier.account, onChain, status, parameters.now],
  );
  return row!;
}

export async function removeCashier(db: Queryable, cashier: CashierRow, now: Date): Promise<CashierRow> {
  const [row] = await db.query<CashierRow>(
    "UPDATE counter_cashiers SET status = 'removed', updated_at = $3 WHERE store_id = $1 AND account = $2 RETURNING *",
    [cashier.store_id, cashier.account, now],
  );
  return row!;
}
