// Helpers for tests with several relayer instances on one PostgreSQL: child relayers sharing
// a schema, statuses read through any instance, and the exactly-once check against the chain.
import { expect } from "chai";
import { parseEventLogs, type Address, type Hex, type PublicClient } from "viem";
import type { UserOperation } from "viem/account-abstraction";
import { entryPointAbi } from "@paykey/sdk/contracts";
import type { ConfigInput } from "../../../server/src/config.ts";
import { startChildRelayer, type ChildRelayer } from "./childRelayer.ts";
import { rpcForm } from "./fixture.ts";
import { waitUntil } from "./wait.ts";

export type Instance = ChildRelayer & { readonly id: string };

/** A child relayer; its instance id is read from its "relayer listening" log line. */
export async function startInstance(env: ConfigInput): Promise<Instance> {
  const relayer = await startChildRelayer(env);
  const listening = relayer.logs.find((entry) => entry.msg === "relayer listening");
  return Object.assign(relayer, { id: String(listening?.instanceId) });
}

export async function rpcAt(url: string, method: string, params: unknown[]): Promise<{ result?: any; error?: { code: number; message: string; data?: any } }> {
  const response = await fetch(`${url}/rpc`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return (await response.json()) as { result?: any; error?: { code: number; message: string } };
}

export const sendTo = (url: string, op: UserOperation<"0.8">, entryPoint: Address) =>
  rpcAt(url, "eth_sendUserOperation", [rpcForm(op as unknown as Record<string, unknown>), entryPoint]);

/** The outbox status of each operation, as the relayer at `url` reads it (JSON-RPC batches of 50). */
export async function statuses(url: string, hashes: readonly Hex[]): Promise<string[]> {
  const result: string[] = [];
  for (let start = 0; start < hashes.length; start += 50) {
    const response = await fetch(`${url}/rpc`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(hashes.slice(start, start + 50).map((hash, id) => ({ jsonrpc: "2.0", id, method: "paykey_getUserOperationStatus", params: [hash] }))),
    });
    const answers = (await response.json()) as { id: number; result: { status: string } | null }[];
    result.push(...answers.sort((a, b) => a.id - b.id).map((answer) => answer.result?.status ?? "unknown"));
  }
  return result;
}

export const allAre = (url: string, hashes: readonly Hex[], status: string, timeoutMs = 60_000) =>
  waitUntil(`${hashes.length} operations are ${status}`, async () => (await statuses(url, hashes)).every((s) => s === status), timeoutMs);

/** A Prometheus sample of one relayer's /metrics (the line that starts with `name`). */
export async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((entry) => entry.startsWith(name));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

/**
 * Every operation in `hashes` has exactly one UserOperationEvent on chain, a successful one;
 * returns the transaction that included each.
 */
export async function expectIncludedOnce(publicClient: PublicClient, entryPoint: Address, hashes: readonly Hex[]): Promise<Map<string, Hex>> {
  const logs = await publicClient.getLogs({ address: entryPoint, fromBlock: 0n, toBlock: "latest" });
  const events = parseEventLogs({ abi: entryPointAbi, logs, eventName: "UserOperationEvent" });
  const perHash = new Map<string, typeof events>();
  for (const event of events) perHash.set(event.args.userOpHash, [...(perHash.get(event.args.userOpHash) ?? []), event]);
  const included = new Map<string, Hex>();
  for (const hash of hashes) {
    expect(perHash.get(hash)?.length ?? 0, `UserOperationEvents of ${hash}`).to.equal(1);
    expect(perHash.get(hash)![0]!.args.success, `success of ${hash}`).to.equal(true);
    included.set(hash, perHash.get(hash)![0]!.transactionHash);
  }
  // Every bundle transaction that reached the chain succeeded: none was sent twice.
  for (const transaction of new Set(events.map((event) => event.transactionHash))) {
    expect((await publicClient.getTransactionReceipt({ hash: transaction })).status, transaction).to.equal("success");
  }
  return included;
}
