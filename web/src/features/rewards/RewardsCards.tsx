// The wallet's loyalty points at each store paid (read from the chain by the relayer) and the coupons
// saved on this device.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/http.ts";
import type { Points } from "@paykey/sdk/api/counter";
import { formatMoney } from "@paykey/sdk/money";
import { rewardsNs } from "./i18n.ts";
import { forgetCoupon, savedCoupons } from "./savedCoupons.ts";

export function PointsCard() {
  const { t, i18n } = useTranslation(rewardsNs);
  const points = useQuery({ queryKey: ["my-points"], queryFn: async () => (await api.get<Points>("/api/me/points")).points, refetchInterval: 5_000 });
  const held = points.data?.filter((entry) => entry.balance !== "0") ?? [];
  return (
    <section className="card" data-testid="points">
      <h2>{t("wallet.points")}</h2>
      {points.data && held.length === 0 ? <p className="muted">{t("wallet.noPoints")}</p> : null}
      <ul className="list">
        {held.map((entry) => (
          <li key={entry.merchantId} className="list-row" data-testid="points-row" data-merchant-id={entry.merchantId}>
            <strong>{entry.store?.name ?? `#${entry.merchantId}`}</strong>
            <span data-testid="points-balance">
              {t("wallet.pointsValue", {
                points: BigInt(entry.balance).toLocaleString(i18n.language),
                value: formatMoney({ amount: entry.balance, decimals: entry.store?.decimals ?? 6, currency: entry.store?.currency ?? "USD", locale: i18n.language }),
              })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SavedCouponsCard() {
  const { t } = useTranslation(rewardsNs);
  const [coupons, setCoupons] = useState(savedCoupons);
  if (coupons.length === 0) return null;
  return (
    <section className="card" data-testid="saved-coupons">
      <h2>{t("wallet.coupons")}</h2>
      <ul className="list">
        {coupons.map((coupon) => (
          <li key={coupon.code} className="list-row">
            <Link to={`/coupon/${coupon.code}`}>
              {coupon.store} · {coupon.label}
            </Link>
            <button
              type="button"
              className="link"
              onClick={() => {
                forgetCoupon(coupon.code);
                setCoupons(savedCoupons());
              }}
            >
              {t("wallet.forget")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
