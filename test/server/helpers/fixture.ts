// A chain with the contracts deployed, a relayer on it, and viem clients wired to both:
// the setup most relayer tests share.
import { createPublicClient, http, numberToHex, type Address } from "viem";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { createBundlerClient, createPaymasterClient } from "viem/account-abstraction";
import { hardhat } from "viem/chains";
import type { ConfigInput } from "../../../server/src/config.ts";
import type { StartRelayerOptions } from "../../../server/src/relayer.ts";
import { startChain, type TestChain } from "./chain.ts";
import { startTestRelayer, type TestRelayer } from "./relayer.ts";
import { deployStopgap, type StopgapContracts } from "../stopgap/deploy.ts";
import { toStopgapSimpleAccount } from "../stopgap/simpleAccount.ts";

export type Fixture = Awaited<ReturnType<typeof createFixture>>;

export async function createFixture(env: ConfigInput = {}, options: StartRelayerOptions = {}) {
  const chain = await startChain();
  const contracts = await deployStopgap(chain);
  const relayer = await startTestRelayer(
    chain.url,
    { ...contracts, stablecoins: [contracts.token] },
    env,
    options,
  );
  return withRelayer(chain, contracts, relayer);
}

export function withRelayer(chain: TestChain, contracts: StopgapContracts, relayer: TestRelayer) {
  const publicClient = createPublicClient({ chain: hardhat, transport: http(chain.url), pollingInterval: 50 });
  const rpcUrl = `${relayer.url}/rpc`;
  const paymasterClient = createPaymasterClient({ transport: http(rpcUrl) });
  const bundlerClient = createBundlerClient({
    client: publicClient,
    chain: hardhat,
    transport: http(rpcUrl),
    paymaster: paymasterClient,
    pollingInterval: 50,
  });

  /** A new stopgap account (SimpleAccount, counterfactual, 0 ETH), registered as a Paykey user. */
  async function newAccount() {
    const owner = privateKeyToAccount(generatePrivateKey());
    const account = await toStopgapSimpleAccount({
      client: publicClient,
      owner,
      factory: contracts.accountFactory,
      entryPoint: contracts.entryPoint,
    });
    await relayer.store.query("INSERT INTO users (id, account_address, display_name) VALUES ($1, $2, $3)", [
      `stopgap-${account.address}`,
      account.address.toLowerCase(),
      "test",
    ]);
    return account;
  }

  async function rpc(method: string, params: unknown[]): Promise<{ result?: any; error?: { code: number; message: string; data?: any } }> {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }, (_key, value: unknown) =>
        typeof value === "bigint" ? `0x${value.toString(16)}` : value,
      ),
    });
    return (await response.json()) as { result?: any; error?: { code: number; message: string; data?: any } };
  }

  return {
    chain,
    contracts,
    relayer,
    publicClient,
    bundlerClient,
    paymasterClient,
    rpcUrl,
    rpc,
    newAccount,
    entryPoint: contracts.entryPoint as Address,
    async close() {
      await relayer.stop();
      await chain.close();
    },
  };
}

/** A user operation in its JSON-RPC form (hex quantities), as a client sends it. */
export function rpcForm(op: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(op)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, typeof value === "bigint" ? numberToHex(value) : value]),
  );
}
