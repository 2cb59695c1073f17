// The local-chain faucet: mints 100.00 of each test stablecoin to a signed-in account with a
// key holding the tokens' MINTER_ROLE (Hardhat account #0, the deployer, by default). At most
// one drip per account per minute, claimed atomically in SQL before anything is sent.
import { createWalletClient, http, parseUnits, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createNonceManager, jsonRpc } from "viem/nonce";
import { testStablecoinAbi } from "@paykey/sdk/contracts";
import type { Config } from "../config.ts";
import type { Store } from "../db/store.ts";
import type { Logger } from "../logger.ts";
import { CommerceError } from "./errors.ts";

export const faucetIntervalSeconds = 60;
/** 100.00 in the token's units. */
const dripUnits = "100";

export type FaucetDrip = { transactionHash: Hex; transactionHashes: Hex[]; amounts: { currency: string; amount: string }[] };

export type Faucet = { drip(account: Address, now: Date): Promise<FaucetDrip> };

export function createFaucet(parameters: { config: Config; store: Store; publicClient: PublicClient; logger: Logger }): Faucet {
  const { config, store, publicClient, logger } = parameters;
  const tokens = config.contracts.tokens.filter((token) => token.test);
  const key = config.keys.faucet;
  const wallet = key
    ? createWalletClient({
        // A nonce manager of this faucet's own: viem's shared one remembers nonces per address and chain id
        // for the whole process, so a second relayer on a fresh chain with the same id (the e2e suites run
        // one after the other in one process) would start from the first chain's nonces.
        account: privateKeyToAccount(key, { nonceManager: createNonceManager({ source: jsonRpc() }) }),
        chain: {
          id: config.chain.id,
          name: `chain-${config.chain.id}`,
          nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
          rpcUrls: { default: { http: [config.chain.rpcUrl] } },
        },
        transport: http(config.chain.rpcUrl),
      })
    : undefined;
  // One drip at a time from this process, so the minter's nonces stay in order.
  let queue: Promise<unknown> = Promise.resolve();

  async function mint(account: Address): Promise<FaucetDrip> {
    const hashes: Hex[] = [];
    for (const token of tokens) {
      hashes.push(
        await wallet!.writeContract({
          address: token.address,
          abi: testStablecoinAbi,
          functionName: "mint",
          args: [account, parseUnits(dripUnits, token.decimals)],
        }),
      );
    }
    for (const hash of hashes) {
      const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 30_000 });
      if (receipt.status !== "success") throw new CommerceError("faucet_unavailable", "The faucet's mint transaction reverted.", { data: { transactionHash: hash } });
    }
    return {
      transactionHash: hashes.at(-1)!,
      transactionHashes: hashes,
      amounts: tokens.map((token) => ({ currency: token.currency, amount: parseUnits(dripUnits, token.decimals).toString() })),
    };
  }

  return {
    async drip(account, now) {
      if (!config.commerce.faucetEnabled) throw new CommerceError("faucet_disabled", "There is no faucet on this chain.");
      if (!wallet || tokens.length === 0) throw new CommerceError("faucet_unavailable", "The faucet has no test stablecoin to mint.");
      const holder = account.toLowerCase();
      // Claim this minute's drip (or learn when the last one was).
      const claimed = await store.query(
        `INSERT INTO commerce_faucet_drips (account, last_at) VALUES ($1, $2)
         ON CONFLICT (account) DO UPDATE SET last_at = EXCLUDED.last_at WHERE commerce_faucet_drips.last_at <= $3
         RETURNING account`,
        [holder, now, new Date(now.getTime() - faucetIntervalSeconds * 1000)],
      );
      if (claimed.length === 0) {
        const [last] = await store.query<{ last_at: Date }>("SELECT last_at FROM commerce_faucet_drips WHERE account = $1", [holder]);
        const retryAfterSeconds = Math.max(1, Math.ceil((last!.last_at.getTime() + faucetIntervalSeconds * 1000 - now.getTime()) / 1000));
        throw new CommerceError("faucet_rate_limited", `One faucet drip per minute; retry in ${retryAfterSeconds} s.`, { data: { retryAfterSeconds } });
      }
      const result = queue.then(() => mint(account));
      queue = result.catch(() => {});
      try {
        const drip = await result;
        await store.query("UPDATE commerce_faucet_drips SET transaction_hash = $2 WHERE account = $1", [holder, drip.transactionHash]);
        return drip;
      } catch (error) {
        // Give the claim back: nothing was received.
        await store.query("DELETE FROM commerce_faucet_drips WHERE account = $1 AND last_at = $2", [holder, now]);
        if (error instanceof CommerceError) throw error;
        logger.error({ err: error, account }, "faucet: mint failed");
        throw new CommerceError("faucet_unavailable", "The faucet could not mint right now; retry shortly.", { cause: error });
      }
    },
  };
}
