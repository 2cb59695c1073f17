// Points and a coupon at checkout, priced by the relayer from the chain before anything is signed: "use N
// points (−X)", a coupon from a saved link, a typed code or a scanned QR code, and the new total. A coupon
// the escrow would refuse (expired, used up, for another customer or store) is refused here with the reason.
// Its own chunk, loaded after the pay step renders (the checkout's bundle stays small); with no points, no
// saved coupon and no ?coupon= it folds into one "Points or a coupon?" link.
import { useQuery } from "@tanstack/react-query";
import { Suspense, lazy, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Address, Hex } from "viem";
import { api } from "../../api/http.ts";
import { useErrorText } from "../../app/errors.ts";
import type { PaymentRequest } from "@paykey/sdk/api";
import type { DiscountQuote } from "@paykey/sdk/api/counter";
import { type CouponJson, buildDiscount, couponFromJson } from "@paykey/sdk/coupons";
import { formatMoney } from "@paykey/sdk/money";
import type { PaymentDiscount } from "@paykey/sdk/wallet";
import { rewardsNs } from "./i18n.ts";
import { couponCodeFrom, forgetCoupon, savedCouponFor } from "./savedCoupons.ts";

const QrScanner = lazy(async () => ({ default: (await import("../wallet/QrScanner.tsx")).QrScanner }));

export type ChosenDiscount = { payerAmount: bigint; discount: PaymentDiscount };

export default function DiscountPanel({
  request,
  payer,
  namesPayer,
  onChange,
}: {
  request: PaymentRequest;
  payer: Address;
  /** An injected wallet names itself; a passkey payer is the session's account. */
  namesPayer: boolean;
  onChange: (chosen: ChosenDiscount | undefined) => void;
}) {
  const { t, i18n } = useTranslation(rewardsNs);
  const errorText = useErrorText();
  const [code, setCode] = useState(() => couponCodeFrom(new URLSearchParams(window.location.search).get("coupon") ?? "") ?? savedCouponFor(request.store.merchantId ?? "")?.code);
  const [usePoints, setUsePoints] = useState(false);
  const [typed, setTyped] = useState("");
  const [scanning, setScanning] = useState(false);
  const [refusal, setRefusal] = useState<unknown>();
  const [open, setOpen] = useState(false);
  const money = (amount: bigint | string) => formatMoney({ amount, decimals: request.decimals, currency: request.currency, locale: i18n.language });

  const price = (body: { couponCode?: string; points?: string }) =>
    api.post<DiscountQuote>(`/api/requests/${request.id}/discount`, { ...body, ...(namesPayer ? { payer } : {}) });
  const quote = useQuery({
    queryKey: ["discount", request.id, payer, code, usePoints],
    queryFn: async () => {
      let base: DiscountQuote;
      try {
        base = await price(code ? { couponCode: code } : {});
      } catch (error) {
        // A coupon the escrow would refuse: say why, forget it, and price without it.
        if (!code) throw error;
        setRefusal(error);
        forgetCoupon(code);
        setCode(undefined);
        return null;
      }
      return usePoints && BigInt(base.maxPoints) > 0n ? price({ ...(code ? { couponCode: code } : {}), points: base.maxPoints }) : base;
    },
    retry: false,
  });

  const data = quote.data;
  useEffect(() => {
    if (!data || (data.points === "0" && !data.coupon)) return onChange(undefined);
    const coupon = data.coupon ? couponFromJson(data.coupon as CouponJson) : undefined;
    onChange({ payerAmount: BigInt(data.payerAmount), discount: buildDiscount({ points: BigInt(data.points), coupon, signature: data.couponSignature as Hex }) });
  }, [data, onChange]);

  const apply = (text: string) => {
    const next = couponCodeFrom(text);
    setRefusal(next ? undefined : new Error(t("badCode")));
    if (next) {
      setCode(next);
      setTyped("");
    }
  };
  const balance = BigInt(data?.pointsBalance ?? 0);
  if (!open && !code && !refusal && balance === 0n) {
    return (
      <button type="button" className="link" onClick={() => setOpen(true)} data-testid="offer-discount">
        {t("discount.offer")}
      </button>
    );
  }
  const maxPoints = BigInt(usePoints ? (data?.points ?? 0) : (data?.maxPoints ?? 0));

  return (
    <div className="stack" data-testid="discount-panel">
      <h3>{t("discount.title")}</h3>
      {balance > 0n ? (
        <label className="row">
          <input type="checkbox" style={{ flex: "none", width: "auto", minHeight: 0 }} checked={usePoints} disabled={maxPoints === 0n} onChange={(event) => setUsePoints(event.target.checked)} data-testid="use-points" />
          <span data-testid="points-offer">{t("discount.usePoints", { points: maxPoints.toLocaleString(i18n.language), value: money(maxPoints) })}</span>
        </label>
      ) : null}
      {code && data?.coupon ? (
        <div className="list-row" data-testid="coupon-applied">
          <span>{t("discount.coupon", { code, value: money(data.couponDiscount) })}</span>
          <button type="button" className="link" onClick={() => setCode(undefined)}>
            {t("discount.removeCoupon")}
          </button>
        </div>
      ) : (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            apply(typed);
          }}
        >
          <input value={typed} onChange={(event) => setTyped(event.target.value)} placeholder={t("discount.codePlaceholder")} aria-label={t("discount.codePlaceholder")} data-testid="coupon-input" />
          <button type="submit" data-testid="coupon-apply">
            {t("discount.apply")}
          </button>
          <button type="button" onClick={() => setScanning(!scanning)} data-testid="coupon-scan">
            {t("discount.scan")}
          </button>
        </form>
      )}
      {scanning ? (
        <Suspense fallback={null}>
          <QrScanner
            onResult={(text) => {
              setScanning(false);
              apply(text);
            }}
            onClose={() => setScanning(false)}
          />
        </Suspense>
      ) : null}
      {refusal ? <p className="error" role="alert" data-testid="coupon-refused">{errorText(refusal)}</p> : null}
      {quote.error ? <p className="error" role="alert">{errorText(quote.error)}</p> : null}
      {data && (data.points !== "0" || data.coupon) ? (
        <p className="total" data-testid="discounted-total">
          {t("discount.total", { price: money(data.price), total: money(data.payerAmount) })}
        </p>
      ) : null}
    </div>
  );
}
