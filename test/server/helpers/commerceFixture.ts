// Shared setup of the commerce tests: the relayer fixture (chain, deployment, relayer with
// the commerce module, PGlite or PostgreSQL) with a relayer clock the test can move, and the
// steps of the merchant and payer flows as the web app performs them — REST calls with a
// passkey session, and sponsored user operations through viem's bundler and paymaster clients.
import { encodeFunctionData, erc20Abi, type Address, type Hex } from "viem";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import type { PaymentTerms } from "@paykey/sdk/wallet";
import type { WalletCall } from "@paykey/sdk/wallet";
import type { ConfigInput } from "../../../server/src/config.ts";
import type { StartRelayerOptions } from "../../../server/src/relayer.ts";
import { startChain } from "./chain.ts";
import { deployOn, withRelayer } from "./fixture.ts";
import { api, type ApiResponse } from "./http.ts";
import { startTestRelayer, type TestRelayer } from "./relayer.ts";

export type CommerceFixture = Awaited<ReturnType<typeof createCommerceFixture>>;
export type User = Awaited<ReturnType<ReturnType<typeof withRelayer>["signUp"]>>;

/** Polls `check` until it returns a value other than undefined. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The merchant's steps against a relayer (in this process or a child): REST calls, sponsored
 * user operations from a passkey account, and opening a store registered on-chain.
 */
export function merchantSteps(fx: ReturnType<typeof withRelayer<{ readonly url: string; stop(): Promise<void> }>>) {
  const call = <T = any>(method: "GET" | "POST" | "DELETE", path: string, token?: string, body?: unknown): Promise<ApiResponse<T>> =>
    api<T>(fx.relayer.url, method, path, { body, token });

  /** Sends `calls` as one sponsored user operation from `user`'s passkey account. */
  async function sendCalls(user: User, calls: readonly WalletCall[]) {
    const userOpHash = await fx.bundlerClient.sendUserOperation({ account: user.account, calls: [...calls] });
    const receipt = await fx.bundlerClient.waitForUserOperationReceipt({ hash: userOpHash, timeout: 20_000 });
    if (!receipt.success) throw new Error(`user operation ${userOpHash} reverted`);
    return { userOpHash, receipt };
  }

  /** A merchant with an active store: sign-up, POST /api/stores, registerMerchant as a user operation, POST registered. */
  async function openStore(name = "Corner Café", currency: "USD" | "EUR" = "USD") {
    const merchant = await fx.signUp(0n);
    const created = await call("POST", "/api/stores", merchant.token, { name, currency });
    if (created.status !== 201) throw new Error(`store creation failed: ${JSON.stringify(created.body)}`);
    const { receipt, userOpHash } = await sendCalls(merchant, created.body.calls);
    const registered = await call("POST", `/api/stores/${created.body.store.id}/registered`, merchant.token, {
      transactionHash: receipt.receipt.transactionHash,
    });
    if (registered.status !== 200) throw new Error(`registration failed: ${JSON.stringify(registered.body)}`);
    return { merchant, store: registered.body.store, created: created.body, registration: { receipt, userOpHash } };
  }

  return { call, sendCalls, openStore };
}

export async function createCommerceFixture(env: ConfigInput = {}, options: StartRelayerOptions = {}) {
  const clock = { offsetMs: 0 };
  const chain = await startChain();
  const deployed = await deployOn(chain.url);
  const relayer = await startTestRelayer(
    chain.url,
    { DEPLOYMENT_FILE: deployed.deploymentFile, INDEXER_POLL_MS: "50", ...env },
    { now: () => new Date(Date.now() + clock.offsetMs), ...options },
  );
  return { ...commerceSteps(withRelayer(chain, deployed, relayer)), clock, deploymentFile: deployed.deploymentFile };
}

/** The merchant's and payer's steps over REST and the bundler, around any running relayer (see withRelayer). */
export function commerceSteps<R extends TestRelayer>(fx: ReturnType<typeof withRelayer<R>>) {
  const { call, sendCalls, openStore } = merchantSteps(fx);
  return {
    ...fx,
    call,
    sendCalls,
    openStore,
    /** Waits until GET /api/payments/:id satisfies `done`. */
    waitForPayment(paymentId: Hex, done: (payment: any) => boolean) {
      return waitFor(`payment ${paymentId}`, async () => {
        const response = await call("GET", `/api/payments/${paymentId}`);
        return response.status === 200 && done(response.body.payment) ? response.body.payment : undefined;
      });
    },
  };
}

export type CommerceSteps = ReturnType<typeof commerceSteps>;

let shared: Promise<CommerceFixture> | undefined;

/**
 * One fixture for the commerce test files that do not need their own chain or database (a
 * relayer start costs seconds): created by the first file that asks, closed after the run.
 * Each test works with its own users and stores; a test that moves the clock moves it back.
 */
export function sharedCommerceFixture(): Promise<CommerceFixture> {
  shared ??= createCommerceFixture();
  return shared;
}

after(async function () {
  if (shared) await (await shared).close();
});

/** The merchant's calls: capture, void, or refund (approve the escrow for the amount, then refund). */
export const merchantCalls = {
  capture: (escrow: Address, terms: PaymentTerms, amount: bigint): WalletCall[] => [
    { to: escrow, data: encodeFunctionData({ abi: iPaymentEscrowAbi, functionName: "capture", args: [terms, amount] }) },
  ],
  void: (escrow: Address, terms: PaymentTerms): WalletCall[] => [
    { to: escrow, data: encodeFunctionData({ abi: iPaymentEscrowAbi, functionName: "void", args: [terms] }) },
  ],
  refund: (escrow: Address, terms: PaymentTerms, amount: bigint): WalletCall[] => [
    { to: terms.token, data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [escrow, amount] }) },
    { to: escrow, data: encodeFunctionData({ abi: iPaymentEscrowAbi, functionName: "refund", args: [terms, amount] }) },
  ],
};
