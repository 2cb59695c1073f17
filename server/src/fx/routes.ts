// The FX routes: a quote for an exact-out conversion (public: it only prices), and the conversions
// that paid for (or converted back) a payment, for its receipt (public by payment id, as the receipt).
import { z } from "zod";
import { fxConversionList, fxConversionParams, fxQuote, fxQuoteQuery } from "@paykey/sdk/api/fx";
import type { RelayerContext } from "../context.ts";
import type { RelayerApp } from "../http/app.ts";
import { listPaymentConversions } from "./conversions.ts";
import { quoteConversion } from "./quote.ts";

const tags = ["fx"];

export function registerFxRoutes(app: RelayerApp, context: RelayerContext): void {
  app.get(
    "/api/fx/quote",
    {
      schema: {
        tags,
        summary:
          "Quote an exact-out conversion: rate, spread, the merchant's fee (with requestId), the most the payer signs to pay (slippage buffer), the feed round and the expiry",
        querystring: fxQuoteQuery,
        response: { 200: z.object({ quote: fxQuote }) },
      },
    },
    async (request) => ({ quote: await quoteConversion(context, request.query) }),
  );

  app.get(
    "/api/payments/:paymentId/conversions",
    {
      schema: {
        tags,
        summary: "The conversions whose reference is this payment id, as indexed from the FX router (public, by id)",
        params: fxConversionParams,
        response: { 200: fxConversionList },
      },
    },
    async (request) => ({
      router: context.config.contracts.fxRouter ?? null,
      conversions: await listPaymentConversions(context, request.params.paymentId),
    }),
  );
}
