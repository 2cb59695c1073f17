// Devices and guardian recovery at the relayer. The chain decides who owns an account; the relayer
// follows it:
// - a lost device is forgotten here (its passkey can no longer sign in, its sessions end) only once
//   the account no longer accepts it on-chain (`removePasskey`, signed by another device);
// - a recovering device registers its new passkey here as *pending* (it cannot sign in); the guardian
//   proposes it on-chain, and once the recovery is executed after the delay (the chain now lists the
//   passkey as an owner) the pending passkey becomes a credential of the account and signs in as usual.
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { getAddress, type Address, type Hex, type PublicClient } from "viem";
import { paykeyAccountAbi } from "@paykey/sdk/contracts";
import { insertCredential, listCredentials, type NewCredential } from "../auth/credentials.ts";
import { verifyNewCredential, type AuthDeps } from "../auth/registration.ts";
import type { Queryable, Store } from "../db/store.ts";
import { CounterError } from "./errors.ts";

/** Whether `account` accepts the passkey on-chain. Before deployment only its first passkey does. */
export async function holdsPasskey(client: PublicClient, account: Address, passkey: { x: Hex; y: Hex }, isFirst: boolean): Promise<boolean> {
  const code = await client.getCode({ address: account });
  if (!code || code === "0x") return isFirst;
  return client.readContract({ address: account, abi: paykeyAccountAbi, functionName: "isPasskey", args: [passkey.x, passkey.y] });
}

export async function revokeDevice(
  db: Store,
  client: PublicClient,
  parameters: { userId: string; account: Address; sessionCredentialId: string | null; credentialId: string; now: Date },
): Promise<void> {
  if (parameters.credentialId === parameters.sessionCredentialId) {
    throw new CounterError("device_current", "You are signed in with this device; revoke it from another one.");
  }
  const credentials = await listCredentials(db, parameters.userId);
  const index = credentials.findIndex((credential) => credential.id === parameters.credentialId);
  if (index < 0) throw new CounterError("not_found", "No such device on your account.");
  if (await holdsPasskey(client, parameters.account, credentials[index]!.passkey, index === 0)) {
    throw new CounterError("device_on_chain", "Remove this passkey from your account on-chain first; then it can be revoked here.");
  }
  await db.transaction(async (tx) => {
    await tx.query("UPDATE sessions SET revoked_at = $2 WHERE credential_id = $1 AND revoked_at IS NULL", [parameters.credentialId, parameters.now]);
    await tx.query("DELETE FROM credentials WHERE id = $1 AND user_id = $2", [parameters.credentialId, parameters.userId]);
  });
}

export async function findUserOfAccount(db: Queryable, account: Address): Promise<{ id: string }> {
  const [user] = await db.query<{ id: string }>("SELECT id FROM users WHERE account_address = $1", [account.toLowerCase()]);
  if (!user) throw new CounterError("account_unknown", "No Paykey wallet with this address is known here.");
  return user;
}

/** Verifies the new device's passkey (a ceremony started for the account's user) and keeps it pending. */
export async function registerRecoveryPasskey(
  deps: AuthDeps,
  parameters: { account: Address; response: RegistrationResponseJSON },
): Promise<NewCredential> {
  const user = await findUserOfAccount(deps.store, parameters.account);
  const { userId, credential } = await verifyNewCredential(deps, "add_device", parameters.response);
  if (userId !== user.id) throw new CounterError("account_unknown", "This recovery was started for another wallet; start again.");
  const [known] = await deps.store.query(
    "SELECT 1 FROM credentials WHERE id = $1 UNION ALL SELECT 1 FROM counter_recovery_credentials WHERE id = $1",
    [credential.id],
  );
  if (known) throw new CounterError("device_current", "This passkey is already registered.");
  const stored: PendingCredential = {
    publicKey: Buffer.from(credential.publicKey).toString("base64url"),
    x: credential.passkey.x,
    y: credential.passkey.y,
    signCount: credential.signCount,
    transports: [...credential.transports],
    deviceType: credential.deviceType,
    backedUp: credential.backedUp,
  };
  await deps.store.query(
    "INSERT INTO counter_recovery_credentials (id, user_id, account, credential, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)",
    [credential.id, user.id, parameters.account.toLowerCase(), JSON.stringify(stored), deps.now()],
  );
  return credential;
}

type PendingCredential = { publicKey: string; x: Hex; y: Hex; signCount: number; transports: string[]; deviceType: string; backedUp: boolean };
type PendingRow = { id: string; user_id: string; account: string; credential: PendingCredential };

/** Makes a pending passkey a credential of the account once the chain lists it as an owner. */
export async function completeRecovery(
  db: Store,
  client: PublicClient,
  parameters: { credentialId: string; now: Date },
): Promise<{ account: Address; passkey: { x: Hex; y: Hex } }> {
  const [pending] = await db.query<PendingRow>("SELECT * FROM counter_recovery_credentials WHERE id = $1", [parameters.credentialId]);
  if (!pending) throw new CounterError("not_found", "No recovery is waiting for this passkey.");
  const account = getAddress(pending.account);
  const stored = pending.credential;
  const passkey = { x: stored.x, y: stored.y };
  if (!(await holdsPasskey(client, account, passkey, false))) {
    const [, , executableAt] = await client.readContract({ address: account, abi: paykeyAccountAbi, functionName: "pendingRecovery" }).catch(() => [0n, 0n, 0] as const);
    throw new CounterError("recovery_not_executed", "The recovery has not been executed on-chain yet.", { data: { executableAt: Number(executableAt) } });
  }
  await db.transaction(async (tx) => {
    const credential: NewCredential = {
      id: pending.id,
      publicKey: new Uint8Array(Buffer.from(stored.publicKey, "base64url")),
      passkey,
      signCount: stored.signCount,
      transports: stored.transports,
      deviceType: stored.deviceType,
      backedUp: stored.backedUp,
    };
    await insertCredential(tx, pending.user_id, credential, parameters.now);
    await tx.query("DELETE FROM counter_recovery_credentials WHERE id = $1", [pending.id]);
  });
  return { account, passkey };
}
