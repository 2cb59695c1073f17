// /coupon/:code — a coupon link or QR code: what it takes off, at which store, until when, how many uses
// are left (counted on-chain). An active coupon is saved on this device and offered at that store's checkout.
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api } from "../api/http.ts";
import type { CouponOut } from "@paykey/sdk/api/counter";
import { useErrorText } from "../app/errors.ts";
import { formatBps, formatMoney } from "@paykey/sdk/money";
import { rewardsNs } from "../features/rewards/i18n.ts";
import { saveCoupon } from "../features/rewards/savedCoupons.ts";

export function CouponPage() {
  const { code = "" } = useParams();
  const { t, i18n } = useTranslation(rewardsNs);
  const errorText = useErrorText();
  const query = useQuery({ queryKey: ["coupon", code], queryFn: async () => (await api.get<{ coupon: CouponOut }>(`/api/coupons/${encodeURIComponent(code)}`)).coupon, retry: false });
  const coupon = query.data;
  useEffect(() => {
    if (coupon?.status === "active") saveCoupon({ code: coupon.code, merchantId: coupon.coupon.merchantId, store: coupon.store.name, label: coupon.label });
  }, [coupon]);

  if (query.isLoading) return <p className="muted">{t("coupon.loading")}</p>;
  if (query.error || !coupon) {
    return (
      <section className="card" data-testid="coupon-error">
        <h2>{t("coupon.invalid")}</h2>
        <p className="error">{errorText(query.error)}</p>
      </section>
    );
  }
  const { store } = coupon;
  const discount =
    coupon.coupon.discountBps !== 0
      ? formatBps(coupon.coupon.discountBps, i18n.language)
      : formatMoney({ amount: coupon.coupon.discountAmount, decimals: store.decimals, currency: store.currency, locale: i18n.language });
  return (
    <section className={coupon.status === "active" ? "card done" : "card"} data-testid="coupon" data-status={coupon.status}>
      <p className="muted">{t("coupon.title", { store: store.name })}</p>
      <h2>{coupon.label}</h2>
      <p className="amount" data-testid="coupon-discount">
        {t("coupon.off", { discount })}
      </p>
      <p>
        <code>{coupon.code}</code>
      </p>
      <p className="muted small">
        {t("coupon.expires", { date: new Date(coupon.coupon.expiry * 1000).toLocaleDateString(i18n.language) })} ·{" "}
        {t("coupon.usesLeft", { count: Math.max(0, coupon.coupon.maxUses - coupon.uses) })}
        {BigInt(coupon.coupon.payer) !== 0n ? ` · ${t("coupon.personal")}` : ""}
      </p>
      {coupon.status === "active" ? (
        <p className="ok" data-testid="coupon-saved">
          {t("coupon.saved", { store: store.name })}
        </p>
      ) : (
        <p className="error" data-testid="coupon-unusable">{t(`coupon.${coupon.status}`)}</p>
      )}
      <Link to="/wallet">{t("wallet.coupons")}</Link>
    </section>
  );
}
