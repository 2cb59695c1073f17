// The Paykey passkey smart wallet as a wagmi connector. `connect({ connector, mode: "signUp" })` creates a
// passkey and its account (address known at once, nothing on-chain yet); `mode: "signIn"` uses a passkey this
// device holds; without a mode the relayer's session is resumed (page reloads). Calls go out as sponsored
// ERC-4337 operations (see provider.ts), so the account never needs ETH.
import { type Address, type Chain, createClient, http } from "viem";
import { createConnector } from "wagmi";
import { toPaykeyAccount } from "@paykey/sdk/wallet";
import {
  type PasskeyWallet,
  restorePasskeyWallet,
  signInWithPasskey,
  signOut,
  signUpWithPasskey,
} from "./passkeyAuth.ts";
import { toPasskeyOwner } from "./passkeyOwner.ts";
import { operationProgress } from "./progress.ts";
import { type PaykeyProvider, type PaykeySigner, createPaykeyProvider } from "./provider.ts";
import { createSponsoredSender } from "./sponsoredOperations.ts";

export type PaykeyConnectorParameters = {
  chain: Chain;
  /** The chain reads of the account (nonce, fees, code): the app's chain RPC. */
  chainRpcUrl: string;
  /** The relayer's bundler + paymaster JSON-RPC, absolute. */
  relayerRpcUrl: string;
  entryPoint: Address;
  accountFactory: Address;
};

export type PaykeyConnectParameters = {
  chainId?: number | undefined;
  isReconnecting?: boolean | undefined;
  withCapabilities?: boolean | undefined;
  /** `signUp`: a new passkey and account; `signIn`: a passkey on this device; none: resume the session. */
  mode?: "signUp" | "signIn" | undefined;
  /** Display name stored with a new passkey. */
  name?: string | undefined;
};

type Properties = {
  connect<withCapabilities extends boolean = false>(
    parameters?: PaykeyConnectParameters & { withCapabilities?: withCapabilities | boolean | undefined },
  ): Promise<{
    accounts: withCapabilities extends true ? readonly { address: Address; capabilities: Record<string, unknown> }[] : readonly Address[];
    chainId: number;
  }>;
  /** The passkey this device signs with (after connect). */
  getPasskeyWallet(): PasskeyWallet | undefined;
};

paykey.type = "paykey" as const;

export function paykey(parameters: PaykeyConnectorParameters) {
  const { chain } = parameters;
  // A bare client: actions are imported one by one (tree-shaken), unlike createPublicClient's full set.
  const publicClient = createClient({ chain, transport: http(parameters.chainRpcUrl), pollingInterval: 500 });
  let signer: (PaykeySigner & { wallet: PasskeyWallet }) | undefined;
  let provider: PaykeyProvider | undefined;

  async function activate(wallet: PasskeyWallet) {
    const owner = toPasskeyOwner({ credentialId: wallet.credentialId, publicKey: wallet.publicKey, rpId: window.location.hostname });
    const account = await toPaykeyAccount({
      client: publicClient,
      owner,
      factoryAddress: parameters.accountFactory,
      entryPointAddress: parameters.entryPoint,
      initialPublicKey: wallet.initialPublicKey,
      address: wallet.address,
    });
    const sender = createSponsoredSender({ account, publicClient, rpcUrl: parameters.relayerRpcUrl, progress: operationProgress });
    signer = { account, sender, wallet };
    return wallet.address;
  }

  return createConnector<PaykeyProvider, Properties>((config) => ({
    id: "paykey",
    name: "Passkey",
    type: paykey.type,

    async connect(connectParameters = {}) {
      const { withCapabilities, mode, name, isReconnecting } = connectParameters as PaykeyConnectParameters;
      let wallet: PasskeyWallet | undefined;
      if (mode === "signUp") wallet = await signUpWithPasskey(name);
      else if (mode === "signIn") wallet = await signInWithPasskey();
      else wallet = (await restorePasskeyWallet()) ?? (isReconnecting ? undefined : await signInWithPasskey());
      if (!wallet) throw new Error("No passkey session on this device.");
      const address = await activate(wallet);
      return {
        accounts: (withCapabilities ? [{ address, capabilities: {} }] : [address]) as never,
        chainId: chain.id,
      };
    },

    async disconnect() {
      signer = undefined;
      await signOut();
    },

    async getAccounts() {
      return signer ? [signer.account.address] : [];
    },

    async getChainId() {
      return chain.id;
    },

    async getProvider() {
      provider ??= createPaykeyProvider({ chain, publicClient, signer: () => signer });
      return provider;
    },

    async isAuthorized() {
      if (signer) return true;
      return (await restorePasskeyWallet()) !== undefined;
    },

    getPasskeyWallet() {
      return signer?.wallet;
    },

    onAccountsChanged(accounts) {
      if (accounts.length === 0) config.emitter.emit("disconnect");
      else config.emitter.emit("change", { accounts: accounts as Address[] });
    },

    onChainChanged(chainId) {
      config.emitter.emit("change", { chainId: Number(chainId) });
    },

    onDisconnect() {
      signer = undefined;
      config.emitter.emit("disconnect");
    },
  }));
}
