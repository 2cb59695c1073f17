// The setup most relayer tests share: an in-process chain served over HTTP, Paykey deployed
// on it with scripts/deploy.ts (EntryPoint, test stablecoins, escrow, account factory,
// SponsorPaymaster signed by the relayer's key), a registered merchant, a relayer reading
// the deployment file, and viem clients wired to both. Payers sign up through the relayer's
// passkey routes and pay from their PaykeyAccount (wallet module) with 0 ETH.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, createWalletClient, http, keccak256, numberToHex, parseUnits, toHex, type Address, type Hex } from "viem";
import { createBundlerClient, createPaymasterClient } from "viem/account-abstraction";
import { hardhat } from "viem/chains";
import { localChainId } from "@paykey/sdk/chain";
import { devAccount, devAccountRoles } from "../../../scripts/lib/devAccounts.ts";
import { deployPaykey, mintTestTokens, writeDeployment, type PaykeyDeployment } from "../../../scripts/deploy.ts";
import type { ConfigInput } from "../../../server/src/config.ts";
import type { StartRelayerOptions } from "../../../server/src/relayer.ts";
import { paymentEscrowAbi } from "@paykey/sdk/contracts";
import { buildPaymentCalls, type PaymentTerms } from "@paykey/sdk/wallet";
import { toPaykeyAccount } from "@paykey/sdk/wallet";
import { TestPasskey } from "./authenticator.ts";
import { startChain, type TestChain } from "./chain.ts";
import { startClockAt, type TestClock } from "./clock.ts";
import { api } from "./http.ts";
import { startTestRelayer, type TestRelayer } from "./relayer.ts";

export const origin = "http://localhost:5173";
export const rpId = "localhost";

export type Fixture = Awaited<ReturnType<typeof createFixture>>;

/** Deploys Paykey on `chain` and registers a merchant settling in test USD. */
export async function deployOn(chainUrl: string) {
  const publicClient = createPublicClient({ chain: hardhat, transport: http(chainUrl) });
  const deployer = createWalletClient({ account: devAccount(devAccountRoles.deployer), chain: hardhat, transport: http(chainUrl) });
  const deployment = await deployPaykey({
    publicClient,
    walletClient: deployer,
    sponsorSigner: devAccount(devAccountRoles.sponsorSigner).address,
    feeReceiver: devAccount(devAccountRoles.feeReceiver).address,
  });
  const deploymentFile = await writeDeployment(deployment, join(mkdtempSync(join(tmpdir(), "paykey-deployment-")), `${localChainId}.json`));
  const usd = deployment.tokens.USD!.address;
  const merchant = createWalletClient({ account: devAccount(devAccountRoles.demoMerchant), chain: hardhat, transport: http(chainUrl) });
  await publicClient.waitForTransactionReceipt({
    hash: await merchant.writeContract({
      address: deployment.paymentEscrow,
      abi: paymentEscrowAbi,
      functionName: "registerMerchant",
      args: [merchant.account.address, usd, merchant.account.address, 100],
    }),
  });
  const merchantId = await publicClient.readContract({ address: deployment.paymentEscrow, abi: paymentEscrowAbi, functionName: "merchantCount" });
  return { deployment, deploymentFile, usd, merchantId, deployer, publicClient };
}

export async function createFixture(env: ConfigInput = {}, options: StartRelayerOptions = {}) {
  const chain = await startChain();
  const deployed = await deployOn(chain.url);
  const relayer = await startTestRelayer(chain.url, { DEPLOYMENT_FILE: deployed.deploymentFile, ...env }, options);
  return withRelayer(chain, deployed, relayer);
}

/** A chain a fixture can use: the in-process one (TestChain) or any node over HTTP (anvil). */
export type FixtureChain = { readonly url: string; close(): Promise<void> };

/**
 * createFixture with a relayer clock the test moves (clock.ts): it starts at `timeOfDay` UTC,
 * the chain's time moved there before the relayer starts.
 */
export async function createClockedFixture(timeOfDay: string, env: ConfigInput = {}, options: StartRelayerOptions = {}) {
  const chain = await startChain();
  const deployed = await deployOn(chain.url);
  const clock: TestClock = await startClockAt(chain, timeOfDay);
  const relayer = await startTestRelayer(chain.url, { DEPLOYMENT_FILE: deployed.deploymentFile, ...env }, { ...options, now: clock.now });
  return { ...withRelayer(chain, deployed, relayer), clock };
}

/** Clients and helpers around a running relayer: in this process (TestRelayer) or a child process. */
export function withRelayer<R extends { readonly url: string; stop(): Promise<void> } = TestRelayer, C extends FixtureChain = TestChain>(
  chain: C,
  deployed: Awaited<ReturnType<typeof deployOn>>,
  relayer: R,
  /** The web origin the relayer accepts passkeys from (the e2e tests serve the app on their own port). */
  passkeyOrigin = origin,
) {
  const { deployment, usd, merchantId, deployer } = deployed;
  const publicClient = createPublicClient({ chain: hardhat, transport: http(chain.url), pollingInterval: 50 });
  const rpcUrl = `${relayer.url}/rpc`;
  const paymasterClient = createPaymasterClient({ transport: http(rpcUrl) });
  const bundlerClient = createBundlerClient({ client: publicClient, chain: hardhat, transport: http(rpcUrl), paymaster: paymasterClient, pollingInterval: 50 });
  let salt = 0n;

  const post = (path: string, body: unknown = {}, token?: string) => api(relayer.url, "POST", path, { body, token });

  /** A payer: a passkey signed up at the relayer and its counterfactual PaykeyAccount (0 ETH). */
  async function signUp(usdBalance = parseUnits("100", 6)) {
    const passkey = new TestPasskey({ origin: passkeyOrigin, rpId });
    const { body: start } = await post("/auth/register/options", { name: "Payer" });
    const registered = await post("/auth/register/verify", { response: passkey.createCredential(start.options) });
    if (registered.status !== 200) throw new Error(`sign-up failed: ${JSON.stringify(registered.body)}`);
    const address = registered.body.account.address as Address;
    const account = await toPaykeyAccount({
      client: publicClient,
      owner: passkey.account,
      factoryAddress: deployment.accountFactory,
      entryPointAddress: deployment.entryPoint,
      address,
    });
    if (usdBalance > 0n) await mintTestTokens({ publicClient, walletClient: deployer }, usd, address, usdBalance);
    return { passkey, account, address, token: registered.body.session.token as string };
  }

  /** The two calls of a payment of `amount` test USD to the fixture's merchant (approve + authorize). */
  async function paymentCalls(payer: Address, amount: bigint, operation: "authorize" | "charge" = "authorize") {
    const { timestamp } = await publicClient.getBlock();
    salt += 1n;
    const terms: PaymentTerms = {
      merchantId,
      payer,
      token: usd,
      amount,
      feeBps: deployment.defaultFeeBps,
      authorizationExpiry: Number(timestamp) + 86_400,
      refundDeadline: Number(timestamp) + 30 * 86_400,
      orderRef: keccak256(toHex(`order-${salt}`)),
      lineItemsHash: keccak256(toHex(`items-${salt}`)),
      salt,
    };
    return buildPaymentCalls({ escrowAddress: deployment.paymentEscrow, terms, operation });
  }

  async function rpc(method: string, params: unknown[]): Promise<{ result?: any; error?: { code: number; message: string; data?: any } }> {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }, (_key, value: unknown) =>
        typeof value === "bigint" ? numberToHex(value) : value,
      ),
    });
    return (await response.json()) as { result?: any; error?: { code: number; message: string; data?: any } };
  }

  return {
    chain,
    deployment,
    relayer,
    publicClient,
    bundlerClient,
    paymasterClient,
    rpcUrl,
    rpc,
    post,
    signUp,
    paymentCalls,
    usd,
    merchantId,
    deployer,
    entryPoint: deployment.entryPoint,
    escrow: deployment.paymentEscrow,
    paymaster: deployment.sponsorPaymaster,
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

export type { Hex, PaykeyDeployment };
