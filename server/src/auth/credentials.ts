// Users, their smart-account address and their passkeys (several per user).
import type { Queryable } from "../db/store.ts";
import type { PasskeyPublicKey } from "./passkeys.ts";

export type StoredCredential = {
  id: string;
  userId: string;
  publicKey: Uint8Array;
  passkey: PasskeyPublicKey;
  signCount: number;
  transports: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
};

export type NewCredential = {
  id: string;
  publicKey: Uint8Array;
  passkey: PasskeyPublicKey;
  signCount: number;
  transports: readonly string[];
  deviceType: string;
  backedUp: boolean;
};

type CredentialRow = {
  id: string;
  user_id: string;
  public_key: string;
  public_key_x: string;
  public_key_y: string;
  sign_count: string | number;
  transports: string[];
  created_at: Date;
  last_used_at: Date | null;
};

function fromRow(row: CredentialRow): StoredCredential {
  return {
    id: row.id,
    userId: row.user_id,
    publicKey: new Uint8Array(Buffer.from(row.public_key, "base64url")),
    passkey: { x: row.public_key_x as `0x${string}`, y: row.public_key_y as `0x${string}` },
    signCount: Number(row.sign_count),
    transports: row.transports,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

export async function insertCredential(db: Queryable, userId: string, credential: NewCredential, now: Date): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO credentials (id, user_id, public_key, public_key_x, public_key_y, sign_count, transports, device_type, backed_up, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      credential.id,
      userId,
      Buffer.from(credential.publicKey).toString("base64url"),
      credential.passkey.x,
      credential.passkey.y,
      credential.signCount,
      [...credential.transports],
      credential.deviceType,
      credential.backedUp,
      now,
    ],
  );
  return rows.length === 1;
}

export async function insertUser(
  db: Queryable,
  user: { id: string; accountAddress: string; displayName: string },
  now: Date,
): Promise<void> {
  await db.query("INSERT INTO users (id, account_address, display_name, created_at) VALUES ($1, $2, $3, $4)", [
    user.id,
    user.accountAddress.toLowerCase(),
    user.displayName,
    now,
  ]);
}

export async function findCredential(db: Queryable, id: string): Promise<StoredCredential | undefined> {
  const rows = await db.query<CredentialRow>("SELECT * FROM credentials WHERE id = $1", [id]);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

export async function listCredentials(db: Queryable, userId: string): Promise<StoredCredential[]> {
  const rows = await db.query<CredentialRow>("SELECT * FROM credentials WHERE user_id = $1 ORDER BY created_at, id", [userId]);
  return rows.map(fromRow);
}

export async function recordCredentialUse(db: Queryable, id: string, signCount: number, now: Date): Promise<void> {
  await db.query("UPDATE credentials SET sign_count = GREATEST(sign_count, $2), last_used_at = $3 WHERE id = $1", [
    id,
    signCount,
    now,
  ]);
}

export async function findUser(
  db: Queryable,
  userId: string,
): Promise<{ id: string; accountAddress: string; displayName: string; createdAt: Date } | undefined> {
  const rows = await db.query<{ id: string; account_address: string; display_name: string; created_at: Date }>(
    "SELECT id, account_address, display_name, created_at FROM users WHERE id = $1",
    [userId],
  );
  const row = rows[0];
  return row ? { id: row.id, accountAddress: row.account_address, displayName: row.display_name, createdAt: row.created_at } : undefined;
}

export async function isRegisteredAccount(db: Queryable, address: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM users WHERE account_address = $1", [address.toLowerCase()]);
  return rows.length > 0;
}
