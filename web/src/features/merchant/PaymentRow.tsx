// One incoming payment with the merchant's actions: capture what is still held, void it, or refund (full or
// partial) what was captured. Each is a passkey-signed, sponsored operation from the merchant's account.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useAppConfig } from "../../app/ConfigContext.tsx";
import { useErrorText } from "../../app/errors.ts";
import { termsFromJson } from "@paykey/sdk/commerce";
import type { Payment } from "@paykey/sdk/api";
import type { Call } from "../../connector/sponsoredOperations.ts";
import { formatMoney, parseMoney, toDecimalString } from "@paykey/sdk/money";
import { FinalityBadge } from "../backoffice/FinalityBadge.tsx";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { useSendOperation } from "../operations/useSendOperation.ts";
import { buildCaptureCalls, buildRefundCalls, buildVoidCalls } from "./merchantCalls.ts";

export function PaymentRow({ payment }: { payment: Payment }) {
  const { t, i18n } = useTranslation();
  const { contracts } = useAppConfig();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const operation = useSendOperation();
  const decimals = payment.request?.decimals ?? 6;
  const currency = payment.request?.currency ?? "USD";
  const money = (amount: bigint | string) => formatMoney({ amount, decimals, currency, locale: i18n.language });
  const authorized = BigInt(payment.authorized);
  const captured = BigInt(payment.captured);
  const refunded = BigInt(payment.refunded);
  const held = payment.status === "authorized" ? authorized - captured : 0n;
  const refundable = captured - refunded;
  const [refundInput, setRefundInput] = useState("");

  const act = useMutation({
    mutationFn: async (build: () => Call[]) => {
      operation.reset();
      await operation.send(build());
    },
    onSuccess: () => {
      setRefundInput("");
      return queryClient.invalidateQueries({ queryKey: ["payments"] });
    },
  });
  const terms = payment.terms ? termsFromJson(payment.terms) : undefined;
  const escrow = contracts.paymentEscrow;

  return (
    <li className="card payment" data-testid="payment-row" data-payment-id={payment.paymentId} data-status={payment.status}>
      <div className="list-row">
        <strong>{payment.request?.orderRef ?? payment.paymentId.slice(0, 10)}</strong>
        <span>{money(authorized)}</span>
        <span className={`badge badge-${payment.status}`} data-testid="payment-status">
          {t(`status.${payment.status}`)}
        </span>
        <FinalityBadge finality={payment.finality} />
      </div>
      <p className="muted small">
        {t("merchant.captured")}: <span data-testid="payment-captured">{money(captured)}</span> · {t("merchant.refunded")}:{" "}
        <span data-testid="payment-refunded">{money(refunded)}</span> · <Link to={`/receipt/${payment.paymentId}`}>{t("merchant.receipt")}</Link>
      </p>
      {terms && held > 0n ? (
        <div className="row">
          <button type="button" className="primary" data-testid="capture" disabled={act.isPending} onClick={() => act.mutate(() => buildCaptureCalls({ escrow, terms, amount: held }))}>
            {t("merchant.capture", { amount: money(held) })}
          </button>
          {captured === 0n ? (
            <button type="button" data-testid="void" disabled={act.isPending} onClick={() => act.mutate(() => buildVoidCalls({ escrow, terms }))}>
              {t("merchant.void")}
            </button>
          ) : null}
        </div>
      ) : null}
      {terms && refundable > 0n ? (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            act.mutate(() => {
              const amount = refundInput.trim() === "" ? refundable : parseMoney(refundInput, decimals);
              if (amount <= 0n || amount > refundable) throw new RangeError(t("merchant.refundTooMuch", { max: money(refundable) }));
              return buildRefundCalls({ escrow, terms, amount });
            });
          }}
        >
          <input
            inputMode="decimal"
            placeholder={toDecimalString(refundable, decimals)}
            aria-label={t("merchant.refundAmount")}
            value={refundInput}
            onChange={(event) => setRefundInput(event.target.value)}
            data-testid="refund-amount"
          />
          <button type="submit" data-testid="refund" disabled={act.isPending}>
            {t("merchant.refund")}
          </button>
        </form>
      ) : null}
      {act.isPending || act.error ? <OperationProgress /> : null}
      {act.error ? <p className="error" role="alert">{errorText(act.error)}</p> : null}
    </li>
  );
}
