// Coupons (owner): a percentage or a fixed amount off, a number of uses, an expiry and optionally one
// customer; signed with the owner's passkey (the merchant's coupon signer, checked on-chain through
// ERC-1271), then shared as a link, a QR code or its code. Uses are counted on-chain.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Address, isAddress, zeroAddress } from "viem";
import { useSignTypedData } from "wagmi";
import { api } from "../../api/http.ts";
import { useAppConfig, useToken } from "../../app/ConfigContext.tsx";
import { useErrorText } from "../../app/errors.ts";
import type { Store } from "@paykey/sdk/api";
import type { CouponOut } from "@paykey/sdk/api/counter";
import { type Coupon, couponToJson, getCouponTypedData, newCouponId } from "@paykey/sdk/coupons";
import { formatBps, formatMoney, parseMoney } from "@paykey/sdk/money";
import { useQrCode } from "../merchant/useQrCode.ts";
import { counterNs } from "./i18n.ts";
import { percentToBps } from "./LoyaltyTab.tsx";

type Draft = { label: string; kind: "percent" | "fixed"; value: string; maxUses: string; days: string; payer: string };
const emptyDraft: Draft = { label: "", kind: "percent", value: "", maxUses: "1", days: "30", payer: "" };

export function CouponsTab({ store }: { store: Store }) {
  const { t, i18n } = useTranslation(counterNs);
  const errorText = useErrorText();
  const config = useAppConfig();
  const decimals = useToken(store.currency)?.decimals ?? 6;
  const queryClient = useQueryClient();
  const { signTypedDataAsync } = useSignTypedData();
  const path = `/api/stores/${store.id}/coupons`;
  const coupons = useQuery({ queryKey: ["coupons", store.id], queryFn: async () => (await api.get<{ coupons: CouponOut[] }>(path)).coupons });
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const set = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));

  const create = useMutation({
    mutationFn: async () => {
      const bps = draft.kind === "percent" ? percentToBps(draft.value) : 0;
      if (bps === undefined || bps === 0 && draft.kind === "percent") throw new RangeError(t("couponsTab.badPercent"));
      const payer = draft.payer.trim();
      if (payer && !isAddress(payer)) throw new RangeError(t("couponsTab.badPayer"));
      const coupon: Coupon = {
        merchantId: BigInt(store.merchantId ?? 0),
        couponId: newCouponId(),
        discountBps: bps,
        discountAmount: draft.kind === "fixed" ? parseMoney(draft.value, decimals) : 0n,
        maxUses: Number.parseInt(draft.maxUses, 10),
        expiry: Math.floor(Date.now() / 1000) + Number.parseInt(draft.days, 10) * 86_400,
        payer: (payer || zeroAddress) as Address,
      };
      const signature = await signTypedDataAsync(getCouponTypedData({ escrow: config.contracts.paymentEscrow, chainId: config.chainId, coupon }));
      return (await api.post<{ coupon: CouponOut }>(path, { label: draft.label.trim(), coupon: couponToJson(coupon), signature })).coupon;
    },
    onSuccess: () => {
      setDraft(emptyDraft);
      return queryClient.invalidateQueries({ queryKey: ["coupons", store.id] });
    },
  });

  const describe = (coupon: CouponOut) =>
    coupon.coupon.discountBps !== 0
      ? formatBps(coupon.coupon.discountBps, i18n.language)
      : formatMoney({ amount: coupon.coupon.discountAmount, decimals, currency: store.currency, locale: i18n.language });

  return (
    <div className="stack" data-testid="coupons-tab">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <label className="field">
          <span>{t("couponsTab.label")}</span>
          <input required maxLength={64} value={draft.label} onChange={(event) => set({ label: event.target.value })} data-testid="coupon-label" />
        </label>
        <div className="row">
          <select aria-label={t("couponsTab.kind")} value={draft.kind} onChange={(event) => set({ kind: event.target.value as Draft["kind"] })} data-testid="coupon-kind">
            <option value="percent">{t("couponsTab.percent")}</option>
            <option value="fixed">{t("couponsTab.fixed", { currency: store.currency })}</option>
          </select>
          <input required inputMode="decimal" aria-label={t("couponsTab.value")} placeholder={draft.kind === "percent" ? "10" : "2.00"} value={draft.value} onChange={(event) => set({ value: event.target.value })} data-testid="coupon-value" />
        </div>
        <div className="row">
          <label className="field">
            <span>{t("couponsTab.maxUses")}</span>
            <input required type="number" min={1} max={1_000_000} value={draft.maxUses} onChange={(event) => set({ maxUses: event.target.value })} data-testid="coupon-max-uses" />
          </label>
          <label className="field">
            <span>{t("couponsTab.days")}</span>
            <input required type="number" min={1} max={365} value={draft.days} onChange={(event) => set({ days: event.target.value })} data-testid="coupon-days" />
          </label>
        </div>
        <label className="field">
          <span>{t("couponsTab.payer")}</span>
          <input placeholder="0x…" value={draft.payer} onChange={(event) => set({ payer: event.target.value })} data-testid="coupon-payer" />
        </label>
        <button type="submit" className="primary" disabled={create.isPending} data-testid="coupon-create">
          {create.isPending ? t("couponsTab.signing") : t("couponsTab.create")}
        </button>
        <p className="muted small">{t("couponsTab.explain")}</p>
      </form>
      {create.error ? <p className="error" role="alert">{errorText(create.error)}</p> : null}
      <ul className="list">
        {coupons.data?.map((coupon) => (
          <CouponRow key={coupon.code} coupon={coupon} discount={describe(coupon)} />
        ))}
      </ul>
    </div>
  );
}

function CouponRow({ coupon, discount }: { coupon: CouponOut; discount: string }) {
  const { t } = useTranslation(counterNs);
  const [open, setOpen] = useState(false);
  const qr = useQrCode(open ? coupon.url : "", 200);
  return (
    <li data-testid="coupon-row" data-code={coupon.code} data-status={coupon.status}>
      <div className="list-row">
        <span>
          <strong>{coupon.label}</strong> · −{discount}
        </span>
        <code data-testid="coupon-code">{coupon.code}</code>
        <span className={coupon.status === "active" ? "badge badge-ok" : "badge"}>{t(`couponsTab.status.${coupon.status}`)}</span>
        <span className="muted small">{t("couponsTab.uses", { uses: coupon.uses, max: coupon.coupon.maxUses })}</span>
        <button type="button" className="link" onClick={() => setOpen(!open)}>
          {open ? t("couponsTab.hide") : t("couponsTab.share")}
        </button>
      </div>
      {open ? (
        <div className="qr">
          {qr ? <img className="qr-small" src={qr} width={200} height={200} alt={t("couponsTab.qrAlt")} /> : null}
          <p className="small">
            <a href={coupon.url} data-testid="coupon-link">
              {coupon.url}
            </a>
          </p>
        </div>
      ) : null}
    </li>
  );
}
