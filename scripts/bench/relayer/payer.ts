// A simulated payer of the relayer benchmark: a software P-256 passkey signed up through the
// relayer's WebAuthn routes, its PaykeyAccount (0 ETH, test USD), and one payment as a wallet
// makes it over plain JSON-RPC: sponsorship, passkey signature, submission, receipt polling.
import { keccak256, numberToHex, parseUnits, toHex, type Address, type Hex } from "viem";
import type { UserOperation } from "viem/account-abstraction";
import { createChainFetch } from "../../../server/src/http/chainFetch.ts";
import { TestPasskey } from "../../../test/server/helpers/authenticator.ts";
import { buildPaymentCalls } from "@paykey/sdk/wallet";
import { toPaykeyAccount, type ToPaykeyAccountReturnType } from "@paykey/sdk/wallet";
import type { LocalDeployment } from "../../lib/localDeployment.ts";
import { maxStatusWaitMs, type UserOperationStatus } from "@paykey/sdk/api";

export const benchOrigin = "http://localhost:5173";

export type Payer = {
  account: ToPaykeyAccountReturnType;
  address: Address;
  nonce: bigint;
  /** Gas limits of a payment, from one estimate (a wallet remembers its last one). */
  gas: Pick<UserOperation<"0.8">, "callGasLimit" | "verificationGasLimit" | "preVerificationGas">;
};

export type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

/** Payment timestamps (performance.now()): sponsorship asked, operation sent and accepted, receipt seen. */
export type PaymentTiming = { startedAt: number; sentAt: number; acceptedAt: number; includedAt: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const toJson = (value: unknown) => JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? numberToHex(item) : item));

/**
 * The payers' HTTP client: the relayer's own node client (node:http over kept-alive sockets,
 * a reused socket the server closed retried once). It costs the load generator, which shares
 * the two cores with what it measures, a fraction of what `fetch` (undici's web streams) costs
 * per request; to the relayer the requests are the same.
 */
const post = createChainFetch({ maxSockets: 1_024 });
const postJson = async (url: string, body: string) =>
  (await post(url, { method: "POST", headers: { "content-type": "application/json" }, body })).text();

export async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const text = await postJson(url, toJson({ jsonrpc: "2.0", id: 1, method, params }));
  const body = JSON.parse(text) as { result?: T; error?: { code: number; message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
  return body.result as T;
}

export async function signUpPayer(local: LocalDeployment, relayerUrl: string): Promise<Payer> {
  const passkey = new TestPasskey({ origin: benchOrigin, rpId: "localhost" });
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${relayerUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, any>;
  };
  const { options } = await post("/auth/register/options", { name: "Bench payer" });
  const registered = await post("/auth/register/verify", { response: passkey.createCredential(options) });
  const address = registered.account.address as Address;
  const account = await toPaykeyAccount({
    client: local.publicClient,
    owner: passkey.account,
    factoryAddress: local.deployment.accountFactory,
    entryPointAddress: local.deployment.entryPoint,
    address,
  });
  return { account, address, nonce: 0n, gas: { callGasLimit: 0n, verificationGasLimit: 0n, preVerificationGas: 0n } };
}

/** Calls of a payment of 1.25 test USD to the demo merchant (approve + escrow authorize). */
export function createPaymentCalls(local: LocalDeployment, startTimestamp: bigint) {
  let salt = 0n;
  return (payer: Address) => {
    salt += 1n;
    return buildPaymentCalls({
      escrowAddress: local.deployment.paymentEscrow,
      operation: "authorize",
      terms: {
        merchantId: local.merchantId,
        payer,
        token: local.usd.address,
        amount: parseUnits("1.25", 6),
        feeBps: local.deployment.defaultFeeBps,
        authorizationExpiry: Number(startTimestamp) + 7 * 86_400,
        refundDeadline: Number(startTimestamp) + 30 * 86_400,
        orderRef: keccak256(toHex(`bench-order-${salt}`)),
        lineItemsHash: keccak256(toHex(`bench-items-${salt}`)),
        salt,
      },
    });
  };
}

/** The paymaster fields of a sponsored operation. */
export type Sponsorship = Pick<UserOperation<"0.8">, "paymaster" | "paymasterData" | "paymasterVerificationGasLimit" | "paymasterPostOpGasLimit">;

/** A sponsorship from the relayer's ERC-7677 paymaster service (pm_getPaymasterData). */
export function relayerSponsor(rpcUrl: string, local: LocalDeployment) {
  return async (op: UserOperation<"0.8">): Promise<Sponsorship> => {
    const sponsored = await rpc<Record<string, Hex>>(rpcUrl, "pm_getPaymasterData", [op, local.deployment.entryPoint, numberToHex(local.chainId), {}]);
    return {
      paymaster: sponsored.paymaster as Address,
      paymasterData: sponsored.paymasterData!,
      paymasterVerificationGasLimit: BigInt(sponsored.paymasterVerificationGasLimit!),
      paymasterPostOpGasLimit: BigInt(sponsored.paymasterPostOpGasLimit!),
    };
  };
}

/**
 * One payment: sponsorship (the relayer's pm_getPaymasterData unless `sponsor` is given) →
 * passkey signature → eth_sendUserOperation → the receipt (polled, or after Paykey's wait), all
 * at `rpcUrl` (a bundler's JSON-RPC).
 */
export async function pay(
  payer: Payer,
  parameters: {
    rpcUrl: string;
    local: LocalDeployment;
    calls: ReturnType<typeof createPaymentCalls>;
    fees: Fees;
    pollMs: number;
    /**
     * How the payer learns of inclusion: "poll" eth_getUserOperationReceipt every `pollMs` (any
     * ERC-4337 bundler), or "wait" with Paykey's paykey_getUserOperationStatus, then one receipt.
     */
    receipts: "poll" | "wait";
    sponsor?: (op: UserOperation<"0.8">) => Promise<Sponsorship>;
  },
): Promise<PaymentTiming> {
  const { rpcUrl, local } = parameters;
  const sponsor = parameters.sponsor ?? relayerSponsor(rpcUrl, local);
  const startedAt = performance.now();
  const op: UserOperation<"0.8"> = {
    sender: payer.address,
    nonce: payer.nonce,
    callData: await payer.account.encodeCalls(parameters.calls(payer.address)),
    ...payer.gas,
    ...parameters.fees,
    signature: "0x",
  };
  const signed: UserOperation<"0.8"> = { ...op, ...(await sponsor(op)) };
  signed.signature = await payer.account.signUserOperation(signed);
  const sentAt = performance.now();
  const hash = await rpc<Hex>(rpcUrl, "eth_sendUserOperation", [signed, local.deployment.entryPoint]);
  const acceptedAt = performance.now();
  payer.nonce += 1n;
  if (parameters.receipts === "wait") {
    // The wait's last answer carries the receipt, as the web wallet asks for it.
    const receipt = await waitForInclusion(rpcUrl, hash);
    if (!receipt.success) throw new Error(`payment reverted: ${receipt.reason ?? "unknown"}`);
    return { startedAt, sentAt, acceptedAt, includedAt: performance.now() };
  }
  for (;;) {
    await sleep(parameters.pollMs);
    const receipt = await rpc<{ success: boolean; reason?: string } | null>(rpcUrl, "eth_getUserOperationReceipt", [hash]);
    if (!receipt) continue;
    if (!receipt.success) throw new Error(`payment reverted: ${receipt.reason ?? "unknown"}`);
    return { startedAt, sentAt, acceptedAt, includedAt: performance.now() };
  }
}

/** Paykey's wait (paykey_getUserOperationStatus with `from`): one answer per change of status, the last with the receipt. */
async function waitForInclusion(rpcUrl: string, hash: Hex): Promise<{ success: boolean; reason?: string }> {
  let from: "received" | "submitted" = "received";
  for (;;) {
    const status: UserOperationStatus = await rpc<UserOperationStatus>(rpcUrl, "paykey_getUserOperationStatus", [hash, { from, waitMs: maxStatusWaitMs, receipt: true }]);
    if (!status) throw new Error("operation unknown to the relayer");
    if (status.status === "included") {
      if (!status.receipt) throw new Error("included without its receipt");
      return status.receipt as { success: boolean; reason?: string };
    }
    if (status.status === "failed" || status.status === "replaced") throw new Error(`operation ${status.status}: ${status.reason ?? "unknown"}`);
    from = status.status;
  }
}
