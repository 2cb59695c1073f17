// The receipt's loyalty lines, read from the escrow's events: points used and the coupon's discount at
// checkout, points earned by the captures (net of those a refund took back).
import { useTranslation } from "react-i18next";
import type { ChainReceipt } from "../receipt/readChainReceipt.ts";
import { rewardsNs } from "./i18n.ts";

export function ReceiptRewards({ receipt, money }: { receipt: ChainReceipt; money: (amount: bigint) => string }) {
  const { t, i18n } = useTranslation(rewardsNs);
  if (receipt.pointsUsed === 0n && receipt.couponDiscount === 0n && receipt.pointsEarned === 0n) return null;
  const points = (value: bigint) => value.toLocaleString(i18n.language);
  return (
    <dl className="facts" data-testid="receipt-rewards">
      {receipt.pointsUsed > 0n ? (
        <>
          <dt>{t("receipt.pointsUsed")}</dt>
          <dd data-testid="receipt-points-used">
            {points(receipt.pointsUsed)} (−{money(receipt.pointsUsed)})
          </dd>
        </>
      ) : null}
      {receipt.couponDiscount > 0n ? (
        <>
          <dt>{t("receipt.couponDiscount")}</dt>
          <dd data-testid="receipt-coupon">−{money(receipt.couponDiscount)}</dd>
        </>
      ) : null}
      {receipt.pointsEarned !== 0n ? (
        <>
          <dt>{t("receipt.pointsEarned")}</dt>
          <dd data-testid="receipt-points-earned">{points(receipt.pointsEarned)}</dd>
        </>
      ) : null}
    </dl>
  );
}
