// Quotes for exact-out conversions: the router's own `quoteExactOut` at the feed's latest round (so the
// relayer applies exactly the contract's checks and arithmetic), plus the payer's maximum (the slippage
// buffer), the spread's cost, the merchant's fee when a payment request is named, and the expiry the
// payer passes to the router as its deadline (chain time + FX_QUOTE_TTL_SECONDS). A quote the chain
// would refuse now (feed stale or broken, pool short, conversions paused) is refused here, before the
// payer is asked to sign, with a reason and the router's own error name in `data.error`.
import { type Address, erc20Abi, getAddress } from "viem";
import type { FxQuote, FxToken } from "@paykey/sdk/api/fx";
import { fxRouterAbi, iFxRouterAbi } from "@paykey/sdk/contracts";
import { maxAmountInWithBuffer, spreadCost } from "@paykey/sdk/fx";
import { feeOf } from "@paykey/sdk/money";
import type { RelayerContext } from "../context.ts";
import type { Queryable } from "../db/store.ts";
import { decodeRevert, isExecutionRevert, revertDataOf } from "../executor/revert.ts";
import { FxError } from "./errors.ts";

export type QuoteParameters = { tokenIn: Address; tokenOut?: Address | undefined; amountOut?: bigint | undefined; requestId?: string | undefined };

type RequestRow = { token: string; amount: string; expires_at: Date; payment_id: string | null; fee_bps: number | null };

/** The router, or 503 when this relayer has none configured. */
export function routerOf(context: RelayerContext): Address {
  const router = context.config.contracts.fxRouter;
  if (!router) throw new FxError("fx_unavailable", "Cross-currency payments are not available on this relayer.");
  return router;
}

/** A settlement token of this deployment by address, as the API shows it. */
export function tokenInfo(context: RelayerContext, address: string): FxToken {
  const token = context.config.contracts.tokens.find((candidate) => candidate.address.toLowerCase() === address.toLowerCase());
  if (!token) throw new FxError("currency_unavailable", "This token is not a settlement stablecoin of this deployment.", { data: { token: address } });
  return { address: token.address, symbol: token.symbol, currency: token.currency, decimals: token.decimals };
}

/** The router's refusal of a quote, as an FX refusal with the contract error's name and values. */
function refusalOf(error: unknown): FxError {
  if (!isExecutionRevert(error)) {
    return new FxError("fx_unavailable", "The price feed cannot be read right now; retry in a moment.", { cause: error });
  }
  const decoded = decodeRevert(revertDataOf(error) ?? "0x");
  const data = { error: decoded.name, details: decoded.message };
  switch (decoded.name) {
    case "PairNotFound":
      return new FxError("pair_not_found", "These two stablecoins cannot be converted into each other.", { data });
    case "PairDisabled":
      return new FxError("pair_not_found", "Conversions between these stablecoins are switched off for now.", { data });
    case "StalePrice":
      return new FxError("feed_unavailable", "The exchange rate is out of date; retry in a moment.", { data });
    case "NonPositiveAnswer":
    case "AnswerOutOfBand":
      return new FxError("feed_unavailable", "The exchange rate looks wrong, so conversions are held back.", { data });
    default:
      return new FxError("execution_reverted", "This conversion cannot be quoted.", { data });
  }
}

async function readRequest(db: Queryable, requestId: string, now: Date) {
  const [row] = await db.query<RequestRow>(
    `SELECT r.token, r.amount, r.expires_at, r.payment_id, s.fee_bps
       FROM commerce_requests r JOIN commerce_stores s ON s.id = r.store_id
      WHERE r.id = $1`,
    [requestId],
  );
  if (!row) throw new FxError("not_found", "No payment request with this id.");
  if (row.payment_id !== null) throw new FxError("request_paid", "This payment request has been paid.", { data: { paymentId: row.payment_id } });
  if (row.expires_at.getTime() <= now.getTime()) throw new FxError("request_expired", "This payment request has expired.");
  return { token: getAddress(row.token), amount: BigInt(row.amount), feeBps: row.fee_bps ?? 0 };
}

export async function quoteConversion(context: RelayerContext, parameters: QuoteParameters): Promise<FxQuote> {
  const router = routerOf(context);
  const { publicClient: client, config } = context;
  const request = parameters.requestId ? await readRequest(context.store, parameters.requestId, context.now()) : undefined;
  const tokenIn = tokenInfo(context, parameters.tokenIn);
  const tokenOut = tokenInfo(context, request?.token ?? parameters.tokenOut!);
  const amountOut = request?.amount ?? parameters.amountOut!;
  // Every pair is quoted against the USD stablecoin (the router's numeraire, scripts/lib/fxDeployment.ts).
  const buyingBase = tokenOut.currency !== "USD";
  const base = buyingBase ? tokenOut : tokenIn;
  const numeraire = buyingBase ? tokenIn : tokenOut;

  const [quote, pair, available, paused, block] = await Promise.all([
    client
      .readContract({ address: router, abi: iFxRouterAbi, functionName: "quoteExactOut", args: [tokenIn.address as Address, tokenOut.address as Address, amountOut] })
      .catch((error: unknown) => {
        throw refusalOf(error);
      }),
    client.readContract({ address: router, abi: iFxRouterAbi, functionName: "pair", args: [base.address as Address] }),
    client.readContract({ address: tokenOut.address as Address, abi: erc20Abi, functionName: "balanceOf", args: [router] }),
    client.readContract({ address: router, abi: fxRouterAbi, functionName: "paused" }),
    client.getBlock({ blockTag: "latest" }),
  ]);
  if (paused) {
    throw new FxError("fx_unavailable", "Conversions are paused for now; pay in the merchant's own stablecoin or retry later.", { data: { error: "EnforcedPause" } });
  }
  if (available < amountOut) {
    throw new FxError("insufficient_liquidity", "The conversion pool cannot pay this amount right now.", {
      data: { token: tokenOut.address, available: available.toString(), requested: amountOut.toString() },
    });
  }

  const pricing = {
    amountOut,
    rate: quote.rate,
    rateDecimals: quote.rateDecimals,
    spreadBps: quote.spreadBps,
    baseDecimals: base.decimals,
    numeraireDecimals: numeraire.decimals,
    buyingBase,
  };
  return {
    router,
    tokenIn,
    tokenOut,
    amountOut: amountOut.toString(),
    amountIn: quote.amountIn.toString(),
    maxAmountIn: maxAmountInWithBuffer(quote.amountIn, config.fx.slippageBps).toString(),
    bufferBps: config.fx.slippageBps,
    rate: { value: quote.rate.toString(), decimals: quote.rateDecimals, base: base.currency, quote: numeraire.currency },
    spread: { bps: quote.spreadBps, amount: spreadCost(pricing).toString() },
    fee: request ? { bps: request.feeBps, amount: feeOf(amountOut, request.feeBps).toString() } : null,
    feed: { address: pair.feed, roundId: quote.roundId.toString(), updatedAt: Number(quote.updatedAt) },
    expiresAt: Number(block.timestamp) + config.fx.quoteTtlSeconds,
    requestId: parameters.requestId ?? null,
  };
}
