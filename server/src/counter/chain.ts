// What the counter reads from the chain: the merchant record, loyalty points (the escrow's ERC-1155),
// coupon use counts, the escrow's quote for a discount, the chain's clock.
import { BaseError, ContractFunctionRevertedError, getAddress, zeroHash, type Address, type PublicClient } from "viem";
import { iPaymentEscrowAbi, loyaltyPointsAbi } from "@paykey/sdk/contracts";
import type { PaymentDiscount, PaymentTerms } from "@paykey/sdk/wallet";
import type { RelayerContext } from "../context.ts";

export type ChainReader = ReturnType<typeof createChainReader>;

export function createChainReader(context: RelayerContext, escrow: () => Address) {
  const client: PublicClient = context.publicClient;
  let points: Promise<Address> | undefined;
  const pointsAddress = () => {
    if (context.config.contracts.loyaltyPoints) return Promise.resolve(context.config.contracts.loyaltyPoints);
    points ??= client
      .readContract({ address: escrow(), abi: iPaymentEscrowAbi, functionName: "loyaltyPoints" })
      .then(getAddress)
      .catch((error: unknown) => {
        points = undefined;
        throw error;
      });
    return points;
  };
  return {
    merchant: (merchantId: bigint) => client.readContract({ address: escrow(), abi: iPaymentEscrowAbi, functionName: "merchant", args: [merchantId] }),
    couponUses: (merchantId: bigint, couponId: `0x${string}`) =>
      client.readContract({ address: escrow(), abi: iPaymentEscrowAbi, functionName: "couponUses", args: [merchantId, couponId] }),
    couponDigest: (coupon: PaymentDiscount["coupon"]) => client.readContract({ address: escrow(), abi: iPaymentEscrowAbi, functionName: "getCouponDigest", args: [coupon] }),
    async pointsOf(holder: Address, merchantId: bigint): Promise<bigint> {
      return client.readContract({ address: await pointsAddress(), abi: loyaltyPointsAbi, functionName: "balanceOf", args: [holder, merchantId] });
    },
    async outstandingPoints(merchantId: bigint): Promise<bigint> {
      return client.readContract({ address: await pointsAddress(), abi: loyaltyPointsAbi, functionName: "totalSupply", args: [merchantId] });
    },
    /** The escrow's price for `terms` with `discount`, or the custom error it refuses with. */
    async quote(terms: PaymentTerms, discount: PaymentDiscount): Promise<{ payerAmount: bigint } | { error: string; args: readonly unknown[] }> {
      try {
        return { payerAmount: await client.readContract({ address: escrow(), abi: iPaymentEscrowAbi, functionName: "quote", args: [terms, discount] }) };
      } catch (error) {
        const reverted = error instanceof BaseError ? error.walk((inner) => inner instanceof ContractFunctionRevertedError) : undefined;
        if (reverted instanceof ContractFunctionRevertedError && reverted.data) return { error: reverted.data.errorName, args: reverted.data.args ?? [] };
        throw error;
      }
    },
    async time(): Promise<number> {
      return Number((await client.getBlock({ blockTag: "latest" })).timestamp);
    },
  };
}

/** Terms good enough for `quote`, which prices by merchant, payer and amount only. */
export function quoteTerms(parameters: { merchantId: bigint; payer: Address; token: Address; amount: bigint }): PaymentTerms {
  return { ...parameters, feeBps: 0, authorizationExpiry: 0, refundDeadline: 0, orderRef: zeroHash, lineItemsHash: zeroHash, salt: 0n };
}
