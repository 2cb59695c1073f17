// Conversions as the FX indexer records them (fx_conversions) and the receipt API reads them back.
import { type Address, type Hex, type Log, getAddress, parseEventLogs } from "viem";
import type { FxConversion } from "@paykey/sdk/api/fx";
import { iFxRouterAbi } from "@paykey/sdk/contracts";
import type { RelayerContext } from "../context.ts";
import type { Queryable } from "../db/store.ts";
import { tokenInfo } from "./quote.ts";

/** A Converted event with its position and block, ready to record. */
export type IndexedConversion = {
  transactionHash: Hex;
  logIndex: number;
  blockNumber: bigint;
  blockHash: Hex;
  timestamp: Date;
  userOpHash: Hex | null;
  paymentId: Hex;
  payer: Address;
  tokenIn: Address;
  tokenOut: Address;
  amountIn: bigint;
  amountOut: bigint;
  rate: bigint;
  rateDecimals: number;
  spreadBps: number;
  feedRoundId: bigint;
};

export type DecodedConversion = Omit<IndexedConversion, "timestamp" | "userOpHash">;

export function decodeConversionLogs(logs: readonly Log[]): DecodedConversion[] {
  return parseEventLogs({ abi: iFxRouterAbi, eventName: "Converted", logs: logs as Log[], strict: true }).map((log) => ({
    transactionHash: log.transactionHash!,
    logIndex: log.logIndex!,
    blockNumber: log.blockNumber!,
    blockHash: log.blockHash!,
    paymentId: log.args.ref,
    payer: log.args.payer,
    tokenIn: log.args.tokenIn,
    tokenOut: log.args.tokenOut,
    amountIn: log.args.amountIn,
    amountOut: log.args.amountOut,
    rate: log.args.rate,
    rateDecimals: log.args.rateDecimals,
    spreadBps: log.args.spreadBps,
    feedRoundId: log.args.feedRoundId,
  }));
}

/** Records one conversion; false when it was recorded before (same transaction and log index). */
export async function recordConversion(db: Queryable, conversion: IndexedConversion): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO fx_conversions (transaction_hash, log_index, payment_id, payer, token_in, token_out, amount_in, amount_out,
       rate, rate_decimals, spread_bps, feed_round_id, block_number, block_hash, block_timestamp, user_op_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (transaction_hash, log_index) DO NOTHING
     RETURNING log_index`,
    [
      conversion.transactionHash.toLowerCase(),
      conversion.logIndex,
      conversion.paymentId.toLowerCase(),
      conversion.payer.toLowerCase(),
      conversion.tokenIn.toLowerCase(),
      conversion.tokenOut.toLowerCase(),
      conversion.amountIn.toString(),
      conversion.amountOut.toString(),
      conversion.rate.toString(),
      conversion.rateDecimals,
      conversion.spreadBps,
      conversion.feedRoundId.toString(),
      conversion.blockNumber.toString(),
      conversion.blockHash.toLowerCase(),
      conversion.timestamp,
      conversion.userOpHash,
    ],
  );
  return rows.length === 1;
}

type ConversionRow = {
  transaction_hash: Hex;
  log_index: number;
  payment_id: Hex;
  payer: string;
  token_in: string;
  token_out: string;
  amount_in: string;
  amount_out: string;
  rate: string;
  rate_decimals: number;
  spread_bps: number;
  feed_round_id: string;
  block_number: string;
  block_timestamp: Date;
  user_op_hash: Hex | null;
};

/** The conversions whose reference is `paymentId`, oldest first. */
export async function listPaymentConversions(context: RelayerContext, paymentId: string): Promise<FxConversion[]> {
  const rows = await context.store.query<ConversionRow>(
    `SELECT transaction_hash, log_index, payment_id, payer, token_in, token_out, amount_in, amount_out, rate, rate_decimals,
            spread_bps, feed_round_id, block_number, block_timestamp, user_op_hash
       FROM fx_conversions WHERE payment_id = $1 ORDER BY block_number, log_index`,
    [paymentId.toLowerCase()],
  );
  return rows.map((row) => {
    const tokenIn = tokenInfo(context, row.token_in);
    const tokenOut = tokenInfo(context, row.token_out);
    const [base, quote] = tokenOut.currency === "USD" ? [tokenIn, tokenOut] : [tokenOut, tokenIn];
    return {
      paymentId: row.payment_id,
      payer: getAddress(row.payer),
      tokenIn,
      tokenOut,
      amountIn: row.amount_in,
      amountOut: row.amount_out,
      rate: { value: row.rate, decimals: row.rate_decimals, base: base.currency, quote: quote.currency },
      spreadBps: row.spread_bps,
      feedRoundId: row.feed_round_id,
      transactionHash: row.transaction_hash,
      blockNumber: Number(row.block_number),
      logIndex: row.log_index,
      userOpHash: row.user_op_hash,
      timestamp: row.block_timestamp.toISOString(),
    };
  });
}
