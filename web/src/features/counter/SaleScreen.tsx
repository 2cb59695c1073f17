// A rung-up sale, full screen: its QR code and link while open; "paid" — amount, the payer's short
// address — the moment the stream says so, with a capture button (owners and cashiers may capture);
// "expired" after its 15 minutes. "New sale" goes back to the keypad.
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Hex } from "viem";
import { api } from "../../api/http.ts";
import { useAppConfig } from "../../app/ConfigContext.tsx";
import { useErrorText } from "../../app/errors.ts";
import type { Payment } from "@paykey/sdk/api";
import type { CounterSettings } from "@paykey/sdk/api/counter";
import { termsFromJson } from "@paykey/sdk/commerce";
import { formatMoney } from "@paykey/sdk/money";
import { buildCaptureCalls } from "../merchant/merchantCalls.ts";
import { useQrCode } from "../merchant/useQrCode.ts";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { useSendOperation } from "../operations/useSendOperation.ts";
import { counterNs } from "./i18n.ts";
import type { RungUpSale } from "./Keypad.tsx";
import { useSaleStream } from "./useSaleStream.ts";

export function SaleScreen({ counter, sale, onNewSale }: { counter: CounterSettings; sale: RungUpSale; onNewSale: () => void }) {
  const { t, i18n } = useTranslation(counterNs);
  const { store } = counter;
  const state = useSaleStream(store.id, sale.request.id);
  const qr = useQrCode(sale.request.url, 360);
  const money = (amount: bigint | string) => formatMoney({ amount, decimals: store.decimals, currency: store.currency, locale: i18n.language });
  const status = state?.status ?? "open";

  if (status === "paid" && state?.paymentId) {
    return (
      <section className="pos-screen pos-paid" data-testid="pos-paid">
        <h1>{t("pos.paid")}</h1>
        <p className="pos-total" data-testid="pos-paid-amount">
          {money(state.paid ?? state.amount)}
        </p>
        {state.paid !== null && state.paid !== state.amount ? <p className="muted">{t("pos.discounted", { price: money(state.amount) })}</p> : null}
        <p>
          {t("pos.payer")} <code data-testid="pos-payer">{`${state.payer?.slice(0, 6)}…${state.payer?.slice(-4)}`}</code>
        </p>
        <CaptureButton paymentId={state.paymentId as Hex} captured={state.paymentStatus !== "authorized"} />
        <button type="button" className="primary big" onClick={onNewSale} data-testid="pos-new-sale">
          {t("pos.newSale")}
        </button>
      </section>
    );
  }

  return (
    <section className="pos-screen" data-testid="pos-sale" data-status={status}>
      <p className="pos-total" data-testid="pos-sale-amount">
        {money(sale.request.amount)}
      </p>
      {sale.note ? <p className="muted">{sale.note}</p> : null}
      {status === "expired" ? (
        <p className="error" data-testid="pos-expired">{t("pos.expired")}</p>
      ) : (
        <>
          {qr ? <img className="pos-qr" src={qr} width={360} height={360} alt={t("pos.qrAlt")} data-testid="pos-qr" /> : <div className="pos-qr" />}
          <p className="muted">{t("pos.scanToPay")}</p>
          <p className="small">
            <a href={sale.request.url} data-testid="pos-link">
              {sale.request.url}
            </a>
          </p>
          <p className="pos-waiting" aria-live="polite">
            {t("pos.waiting")}
          </p>
        </>
      )}
      <button type="button" className="big" onClick={onNewSale} data-testid="pos-cancel">
        {status === "expired" ? t("pos.newSale") : t("pos.cancel")}
      </button>
    </section>
  );
}

/** Captures the whole payment from the POS (the escrow lets owners and cashiers capture). */
function CaptureButton({ paymentId, captured }: { paymentId: Hex; captured: boolean }) {
  const { t } = useTranslation(counterNs);
  const { contracts } = useAppConfig();
  const errorText = useErrorText();
  const operation = useSendOperation();
  const capture = useMutation({
    mutationFn: async () => {
      operation.reset();
      const { payment } = await api.get<{ payment: Payment }>(`/api/payments/${paymentId}`);
      if (!payment.terms) throw new Error("This payment was not made through a Paykey checkout.");
      const terms = termsFromJson(payment.terms);
      await operation.send(buildCaptureCalls({ escrow: contracts.paymentEscrow, terms, amount: BigInt(payment.authorized) - BigInt(payment.captured) }));
    },
  });
  if (captured || capture.isSuccess) return <p className="ok" data-testid="pos-captured">{t("pos.captured")}</p>;
  return (
    <>
      <button type="button" className="big" disabled={capture.isPending} onClick={() => capture.mutate()} data-testid="pos-capture">
        {t("pos.capture")}
      </button>
      {capture.isPending || capture.error ? <OperationProgress /> : null}
      {capture.error ? <p className="error" role="alert">{errorText(capture.error)}</p> : null}
    </>
  );
}
