// What the commerce module reads from the PaymentEscrow: a merchant's record, the merchant a
// registration transaction created, a payment id, and the chain's clock (terms' expiries are
// compared with block timestamps, not with the relayer's clock).
import { getAddress, parseEventLogs, type Address, type Hex, type PublicClient } from "viem";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import type { PaymentTerms } from "@paykey/sdk/wallet";
import { CommerceError } from "./errors.ts";

export type MerchantRegistration = { merchantId: bigint; owner: Address; payout: Address; settlementToken: Address };

export async function readMerchant(client: PublicClient, escrow: Address, merchantId: bigint) {
  return client.readContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: "merchant", args: [merchantId] });
}

/**
 * The MerchantRegistered events of `transactionHash` emitted by `escrow` for `owner`, read from
 * the chain's receipt (the client's word is never taken for it).
 */
export async function readRegistrations(
  client: PublicClient,
  parameters: { escrow: Address; transactionHash: Hex; owner: Address },
): Promise<MerchantRegistration[]> {
  const receipt = await client.getTransactionReceipt({ hash: parameters.transactionHash }).catch((cause: unknown) => {
    throw new CommerceError("not_registered", "This transaction is not on the chain (yet); send the registration and retry once it is mined.", {
      cause,
    });
  });
  if (receipt.status !== "success") throw new CommerceError("not_registered", "This transaction reverted; it registered no merchant.");
  const escrow = parameters.escrow.toLowerCase();
  const owner = parameters.owner.toLowerCase();
  return parseEventLogs({ abi: iPaymentEscrowAbi, logs: receipt.logs, eventName: "MerchantRegistered" })
    .filter((log) => log.address.toLowerCase() === escrow && log.args.owner.toLowerCase() === owner)
    .map((log) => ({
      merchantId: log.args.merchantId,
      owner: getAddress(log.args.owner),
      payout: getAddress(log.args.payout),
      settlementToken: getAddress(log.args.settlementToken),
    }));
}

export async function readPaymentId(client: PublicClient, escrow: Address, terms: PaymentTerms): Promise<Hex> {
  return client.readContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: "getPaymentId", args: [terms] });
}

/** The latest block's timestamp (unix seconds). */
export async function chainTime(client: PublicClient): Promise<number> {
  const block = await client.getBlock({ blockTag: "latest" });
  return Number(block.timestamp);
}

export async function readLoyaltyPoints(client: PublicClient, escrow: Address): Promise<Address> {
  return getAddress(await client.readContract({ address: escrow, abi: iPaymentEscrowAbi, functionName: "loyaltyPoints" }));
}
