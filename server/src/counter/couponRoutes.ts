// Coupons and checkout discounts: the owner adds a signed coupon and lists them with their on-chain
// use counts; anyone with a code reads the coupon; a payer prices points and a coupon for a request
// before signing (each refusal with its reason).
import type { Hex } from "viem";
import { z } from "zod";
import { id } from "@paykey/sdk/api";
import { couponCodeIn, couponOut as couponSchema, couponsOut, createCouponBody, discountBody, discountOut } from "@paykey/sdk/api/counter";
import { couponFromJson, type CouponJson } from "@paykey/sdk/coupons";
import type { RelayerApp } from "../http/app.ts";
import { authorizeStore, storeAccess } from "./access.ts";
import type { ChainReader } from "./chain.ts";
import { checkNewCoupon, couponOut, findCouponByCode, insertCoupon, listCoupons, type CouponRow } from "./coupons.ts";
import { storeDecimals, type CounterDeps } from "./deps.ts";
import { priceDiscount } from "./discount.ts";
import { CounterError } from "./errors.ts";

const tags = ["coupons"];
const storeParams = z.object({ storeId: id });

export function registerCouponRoutes(app: RelayerApp, deps: CounterDeps, chain: ChainReader): void {
  const { context } = deps;
  const { store: db } = context;

  async function withUses(rows: CouponRow[]) {
    const [uses, chainTime] = await Promise.all([Promise.all(rows.map((row) => chain.couponUses(BigInt(row.merchant_id), row.coupon_id as Hex))), chain.time()]);
    return rows.map((row, index) => couponOut(row, { uses: uses[index]!, chainTime, origin: deps.origin, decimals: storeDecimals(context, row.settlement_token) }));
  }

  app.post(
    "/api/stores/:storeId/coupons",
    {
      preHandler: context.authenticate,
      schema: {
        tags,
        summary: "Add a coupon signed by the merchant's coupon signer (checked as the escrow will); returns it with its code and link (store owner)",
        params: storeParams,
        body: createCouponBody,
        response: { 201: z.object({ coupon: couponSchema }) },
      },
    },
    async (request, reply) => {
      const { store } = await authorizeStore(db, request.params.storeId, deps.account(request), storeAccess.manage);
      if (store.merchant_id === null) throw new CounterError("store_not_active", "Register the store on-chain first.");
      const coupon = couponFromJson(request.body.coupon as CouponJson);
      const signature = request.body.signature as Hex;
      await checkNewCoupon({
        chain,
        client: context.publicClient,
        escrow: deps.escrow(),
        chainId: context.config.chain.id,
        merchantId: BigInt(store.merchant_id),
        coupon,
        signature,
      });
      const row = await insertCoupon(db, { storeId: store.id, label: request.body.label, coupon, signature, now: context.now() });
      const [out] = await withUses([row]);
      return reply.status(201).send({ coupon: out! });
    },
  );

  app.get(
    "/api/stores/:storeId/coupons",
    {
      preHandler: context.authenticate,
      schema: { tags, summary: "The store's coupons, newest first, with their on-chain use counts (store owner)", params: storeParams, response: { 200: couponsOut } },
    },
    async (request) => {
      const { store } = await authorizeStore(db, request.params.storeId, deps.account(request), storeAccess.manage);
      return { coupons: await withUses(await listCoupons(db, store.id)) };
    },
  );

  app.get(
    "/api/coupons/:code",
    {
      schema: {
        tags,
        summary: "A coupon by its code (whoever holds the code or link), with its on-chain use count",
        params: z.object({ code: couponCodeIn }),
        response: { 200: z.object({ coupon: couponSchema }) },
      },
    },
    async (request) => {
      const [out] = await withUses([await findCouponByCode(db, request.params.code)]);
      return { coupon: out! };
    },
  );

  app.post(
    "/api/requests/:requestId/discount",
    {
      schema: {
        tags,
        summary:
          "Price points and a coupon for a payment request before signing: the payer's points, the most it can use, the discount and what it pays, or the refusal (coupon_expired, coupon_used_up, coupon_wrong_payer, coupon_wrong_merchant, insufficient_points, …)",
        params: z.object({ requestId: id }),
        body: discountBody,
        response: { 200: discountOut },
      },
    },
    async (request) => {
      const payer = request.body?.payer ?? (await deps.optionalAccount(request));
      if (!payer) throw new CounterError("payer_required", "Sign in with your passkey or name the paying wallet.");
      return priceDiscount({
        db,
        chain,
        requestId: request.params.requestId,
        payer,
        points: request.body?.points ?? 0n,
        couponCode: request.body?.couponCode,
        now: context.now(),
      });
    },
  );
}
