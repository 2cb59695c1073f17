// The passkey wallet as an EIP-1193 provider, so wagmi (and viem's wallet actions) drive it like any wallet:
// accounts and chain, EIP-5792 `wallet_sendCalls` / `wallet_getCallsStatus` as sponsored user operations,
// `eth_sendTransaction` as a one-call operation, ERC-1271 signatures; everything else is a chain read.
import {
  type Chain,
  type Hex,
  type Client,
  type Transport,
  type TypedDataDefinition,
  ChainDisconnectedError,
  MethodNotSupportedRpcError,
  UnauthorizedProviderError,
  numberToHex,
} from "viem";
import type { ToPaykeyAccountReturnType } from "@paykey/sdk/wallet";
import type { Call, SponsoredSender } from "./sponsoredOperations.ts";
import { OperationFailedError } from "./sponsoredOperations.ts";
import { withPasskeyErrors } from "./webauthn.ts";

export type PaykeySigner = { account: ToPaykeyAccountReturnType; sender: SponsoredSender };

type RequestArguments = { method: string; params?: unknown };
type WalletCallJson = { to: Hex; data?: Hex; value?: Hex };

export type PaykeyProvider = {
  request(arguments_: RequestArguments): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): void;
  removeListener(event: string, listener: (...args: unknown[]) => void): void;
};

/** Methods a wallet answers itself; any other method is forwarded to the chain as a read. */
const walletMethods = new Set(["eth_sign", "eth_signTransaction", "wallet_switchEthereumChain", "wallet_addEthereumChain", "wallet_grantPermissions"]);

export function createPaykeyProvider(parameters: {
  chain: Chain;
  publicClient: Client<Transport, Chain>;
  /** The connected signer, or undefined when signed out. */
  signer: () => PaykeySigner | undefined;
}): PaykeyProvider {
  const { chain, publicClient } = parameters;
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();

  const requireSigner = (): PaykeySigner => {
    const signer = parameters.signer();
    if (!signer) throw new UnauthorizedProviderError(new Error("Sign in with your passkey first."));
    return signer;
  };

  const toCalls = (calls: readonly WalletCallJson[]): Call[] =>
    calls.map((call) => ({ to: call.to, data: call.data ?? "0x", value: call.value ? BigInt(call.value) : 0n }));

  async function request({ method, params }: RequestArguments): Promise<unknown> {
    const list = (params ?? []) as unknown[];
    switch (method) {
      case "eth_chainId":
        return numberToHex(chain.id);
      case "net_version":
        return String(chain.id);
      case "eth_accounts":
        return parameters.signer() ? [parameters.signer()!.account.address] : [];
      case "eth_requestAccounts":
        return [requireSigner().account.address];
      case "wallet_getCapabilities":
        return {
          [numberToHex(chain.id)]: {
            atomic: { status: "supported" },
            paymasterService: { supported: true },
          },
        };
      case "wallet_sendCalls": {
        const [batch] = list as [{ calls: WalletCallJson[]; chainId?: Hex }];
        if (batch.chainId && Number(batch.chainId) !== chain.id) throw new ChainDisconnectedError(new Error(`Chain ${Number(batch.chainId)} is not supported.`));
        const id = await requireSigner().sender.send(toCalls(batch.calls));
        return { id };
      }
      case "wallet_getCallsStatus": {
        const [id] = list as [Hex];
        const status = await requireSigner().sender.status(id);
        const code = { pending: 100, success: 200, reverted: 500, dropped: 400 }[status.status];
        return { version: "2.0.0", id, chainId: numberToHex(chain.id), atomic: true, status: code, receipts: status.receipt ? [status.receipt] : [] };
      }
      case "eth_sendTransaction": {
        const [transaction] = list as [WalletCallJson];
        const result = await requireSigner().sender.sendAndWait(toCalls([transaction]));
        if (!result.transactionHash) throw new OperationFailedError({ userOpHash: result.userOpHash, reason: result.reason });
        return result.transactionHash;
      }
      case "personal_sign": {
        const [message] = list as [Hex];
        return withPasskeyErrors(() => requireSigner().account.signMessage({ message: { raw: message } }));
      }
      case "eth_signTypedData_v4": {
        const [, json] = list as [Hex, string];
        const typedData = (typeof json === "string" ? JSON.parse(json) : json) as TypedDataDefinition;
        return withPasskeyErrors(() => requireSigner().account.signTypedData(typedData));
      }
      default:
        if (walletMethods.has(method)) throw new MethodNotSupportedRpcError(new Error(`${method} is not supported by the passkey wallet.`));
        return publicClient.request({ method, params } as never);
    }
  }

  return {
    request,
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
    },
  };
}
