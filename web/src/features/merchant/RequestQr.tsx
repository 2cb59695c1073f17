// A payment request's QR code (its link, rendered locally) and the link itself.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PaymentRequest } from "@paykey/sdk/api";
import { formatMoney } from "@paykey/sdk/money";
import { useQrCode } from "./useQrCode.ts";

export function RequestQr({ request }: { request: PaymentRequest }) {
  const { t, i18n } = useTranslation();
  const image = useQrCode(request.url);
  const [copied, setCopied] = useState(false);
  return (
    <div className="qr" data-testid="request-qr">
      <h2>{t("merchant.requestReady")}</h2>
      <p className="amount">{formatMoney({ amount: request.amount, decimals: request.decimals, currency: request.currency, locale: i18n.language })}</p>
      {image ? <img src={image} width={280} height={280} alt={t("merchant.qrAlt")} data-testid="qr-image" /> : <div className="qr-placeholder" />}
      <p>
        <a href={request.url} data-testid="request-link">
          {request.url}
        </a>
      </p>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(request.url).then(() => setCopied(true))}>
        {copied ? t("common.copied") : t("merchant.copyLink")}
      </button>
    </div>
  );
}
