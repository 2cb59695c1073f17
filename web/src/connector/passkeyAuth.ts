// Passkey sign-up, sign-in and devices against the relayer's /auth routes. The session is the relayer's
// httpOnly cookie; this device remembers only which passkey it signs with (id and public key — nothing
// secret) so it can build the account after a reload.
import { type Address, type Hex, concatHex, getAddress } from "viem";
import { api } from "../api/http.ts";
import type { Credential, LoginResult, RegistrationResult, Session } from "@paykey/sdk/api";
import {
  type CreationOptionsJson,
  type RequestOptionsJson,
  createPasskey,
  getPasskeyAssertion,
} from "./webauthn.ts";

/** What this device keeps about its passkey wallet. */
export type PasskeyWallet = {
  address: Address;
  /** The passkey this device signs with. */
  credentialId: string;
  /** Its public key, `x || y`. */
  publicKey: Hex;
  /** The passkey the account was created with (its CREATE2 salt), `x || y`. */
  initialPublicKey: Hex;
};

const storageKey = "paykey.wallet";

const keyOf = (credential: Credential): Hex => concatHex([credential.publicKey.x, credential.publicKey.y]);

function remember(wallet: PasskeyWallet): PasskeyWallet {
  localStorage.setItem(storageKey, JSON.stringify(wallet));
  return wallet;
}

export function rememberedWallet(): PasskeyWallet | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey) ?? "null") as PasskeyWallet | null;
    return value?.address && value.credentialId && value.publicKey ? value : undefined;
  } catch {
    return undefined;
  }
}

export function forgetWallet(): void {
  localStorage.removeItem(storageKey);
}

/** The first passkey of the account (the others were added later). */
function initialKey(session: Session, fallback: Hex): Hex {
  const [first] = [...session.credentials].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return first ? keyOf(first) : fallback;
}

/** Creates a passkey and the account it owns; the address is known before any transaction. */
export async function signUpWithPasskey(name?: string): Promise<PasskeyWallet> {
  const { options } = await api.post<{ options: CreationOptionsJson }>("/auth/register/options", name ? { name } : {});
  const response = await createPasskey(options);
  const result = await api.post<RegistrationResult>("/auth/register/verify", { response });
  const publicKey = keyOf(result.credential);
  return remember({ address: getAddress(result.account.address), credentialId: result.credential.id, publicKey, initialPublicKey: publicKey });
}

/** Signs in with any passkey of an account held by this device (discoverable credential). */
export async function signInWithPasskey(): Promise<PasskeyWallet> {
  const { options } = await api.post<{ options: RequestOptionsJson }>("/auth/login/options");
  const response = await getPasskeyAssertion(options);
  const result = await api.post<LoginResult>("/auth/login/verify", { response });
  const session = await api.get<Session>("/auth/session");
  const used = session.credentials.find((credential) => credential.id === result.credential.id);
  if (!used) throw new Error("The relayer did not list the passkey just used.");
  const publicKey = keyOf(used);
  return remember({
    address: getAddress(result.account.address),
    credentialId: used.id,
    publicKey,
    initialPublicKey: initialKey(session, publicKey),
  });
}

/** The remembered wallet if the relayer's session is still valid for it. */
export async function restorePasskeyWallet(): Promise<PasskeyWallet | undefined> {
  const wallet = rememberedWallet();
  if (!wallet) return undefined;
  const session = await api.get<Session>("/auth/session").catch(() => undefined);
  if (!session || getAddress(session.account.address) !== wallet.address) return undefined;
  if (!session.credentials.some((credential) => credential.id === wallet.credentialId)) return undefined;
  return remember({ ...wallet, initialPublicKey: initialKey(session, wallet.initialPublicKey) });
}

export async function signOut(): Promise<void> {
  forgetWallet();
  await api.post("/auth/logout").catch(() => undefined);
}

/** Registers another passkey for the signed-in user at the relayer; returns its public key for the on-chain call. */
export async function registerAnotherPasskey(): Promise<{ id: string; publicKey: Hex }> {
  const { options } = await api.post<{ options: CreationOptionsJson }>("/auth/devices/options");
  const response = await createPasskey(options);
  const { credential } = await api.post<{ credential: Credential }>("/auth/devices/verify", { response });
  return { id: credential.id, publicKey: keyOf(credential) };
}
