// A conversion shown on a receipt, checked against the chain by the browser itself (not the relayer): the
// transaction's receipt holds the router's Converted event at that log index with the same reference (the
// payment id), payer, tokens, amounts, rate, spread and feed round; and the pair's feed, asked for that
// round, answers the same rate — so the rate applied is the price feed's, as an auditor would check it.
import { type Address, type Client, type Log, parseEventLogs } from "viem";
import { getTransactionReceipt, readContract } from "viem/actions";
import type { FxConversion } from "@paykey/sdk/api/fx";
import { aggregatorV3InterfaceAbi, iFxRouterAbi } from "@paykey/sdk/contracts";

export type ConversionCheck = { event: boolean; feedRound: boolean };

export async function verifyConversion(client: Client, router: Address, conversion: FxConversion): Promise<ConversionCheck> {
  const receipt = await getTransactionReceipt(client, { hash: conversion.transactionHash });
  const [log] = parseEventLogs({ abi: iFxRouterAbi, eventName: "Converted", logs: receipt.logs as Log[] }).filter(
    (candidate) => candidate.logIndex === conversion.logIndex && candidate.address.toLowerCase() === router.toLowerCase(),
  );
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const event =
    log !== undefined &&
    same(log.args.ref, conversion.paymentId) &&
    same(log.args.payer, conversion.payer) &&
    same(log.args.tokenIn, conversion.tokenIn.address) &&
    same(log.args.tokenOut, conversion.tokenOut.address) &&
    log.args.amountIn === BigInt(conversion.amountIn) &&
    log.args.amountOut === BigInt(conversion.amountOut) &&
    log.args.rate === BigInt(conversion.rate.value) &&
    log.args.rateDecimals === conversion.rate.decimals &&
    log.args.spreadBps === conversion.spreadBps &&
    log.args.feedRoundId === BigInt(conversion.feedRoundId);
  // The base token is the side that is not the numeraire; its pair names the feed.
  const numeraire = await readContract(client, { address: router, abi: iFxRouterAbi, functionName: "numeraire" });
  const base = same(conversion.tokenIn.address, numeraire) ? conversion.tokenOut.address : conversion.tokenIn.address;
  const pair = await readContract(client, { address: router, abi: iFxRouterAbi, functionName: "pair", args: [base] });
  const [, answer] = await readContract(client, {
    address: pair.feed,
    abi: aggregatorV3InterfaceAbi,
    functionName: "getRoundData",
    args: [BigInt(conversion.feedRoundId)],
  }).catch(() => [0n, -1n] as const);
  return { event, feedRound: answer === BigInt(conversion.rate.value) };
}
