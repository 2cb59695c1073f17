// A browser wallet for the test: `window.ethereum` (EIP-1193) in the page, backed by an unlocked development
// account of the test chain. It answers accounts and chain itself, refuses EIP-5792 like a wallet without it
// (-32601, so the app falls back to one transaction per call), and forwards the rest — eth_sendTransaction
// included — to the chain, which signs with the account. It pays its own gas.
import type { Address } from "viem";
import type { Person } from "./environment.ts";

type Provider = { request(arguments_: { method: string; params?: unknown }): Promise<unknown> };

export async function installInjectedWallet(who: Person, parameters: { account: Address; chain: Provider }) {
  const { account, chain } = parameters;
  await who.page.exposeFunction("paykeyTestWallet", async (method: string, params: unknown) => {
    try {
      if (method === "eth_requestAccounts" || method === "eth_accounts") return { result: [account] };
      if (method.startsWith("wallet_") && method !== "wallet_switchEthereumChain") {
        return { error: { code: -32601, message: `The method ${method} does not exist / is not available.` } };
      }
      if (method === "wallet_switchEthereumChain") return { result: null };
      return { result: await chain.request({ method, params: (params ?? []) as unknown[] }) };
    } catch (error) {
      const failure = error as { code?: number; message?: string; data?: unknown };
      return { error: { code: failure.code ?? -32603, message: failure.message ?? String(error), data: failure.data } };
    }
  });
  await who.page.addInitScript(() => {
    const call = (window as unknown as { paykeyTestWallet: (method: string, params: unknown) => Promise<{ result?: unknown; error?: object }> }).paykeyTestWallet;
    (window as unknown as { ethereum: unknown }).ethereum = {
      isTestWallet: true,
      async request({ method, params }: { method: string; params?: unknown }) {
        const answer = await call(method, params);
        if (answer.error) throw Object.assign(new Error((answer.error as { message: string }).message), answer.error);
        return answer.result;
      },
      on() {},
      removeListener() {},
    };
  });
}
