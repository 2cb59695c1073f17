// The funded development accounts of an in-process Hardhat network, as a tuple of viem wallet clients.
import type { network } from "hardhat";

/** hardhat-viem's helpers of a network connection. */
export type Viem = Awaited<ReturnType<typeof network.create>>["viem"];
export type TestWallet = Awaited<ReturnType<Viem["getWalletClients"]>>[number];

type Tuple<T, N extends number, R extends T[] = []> = R["length"] extends N ? R : Tuple<T, N, [...R, T]>;

/** The network's first `count` funded wallet clients; throws when it has fewer. */
export async function fundedWallets<N extends number>(viem: Viem, count: N): Promise<Tuple<TestWallet, N>> {
  const wallets = await viem.getWalletClients();
  if (wallets.length < count) throw new Error(`needs ${count} funded accounts, the network has ${wallets.length}`);
  return wallets.slice(0, count) as Tuple<TestWallet, N>;
}
