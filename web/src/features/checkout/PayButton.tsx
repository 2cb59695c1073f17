// The pay step's action: ask the relayer for this payer's checkout (the escrow terms and payment id), build
// the calls from it (the same-currency payment, or a conversion and the payment), send them as one operation,
// and show its progress and any refusal.
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Address, Hex } from "viem";
import { useConnection } from "wagmi";
import { useErrorText } from "../../app/errors.ts";
import { api } from "../../api/http.ts";
import type { CheckoutResult, PaymentRequest } from "@paykey/sdk/api";
import type { WalletCall } from "@paykey/sdk/wallet";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { useSendOperation } from "../operations/useSendOperation.ts";

export type PaidPayment = { paymentId: Hex; transactionHash: Hex };

export type PayButtonProps = {
  request: PaymentRequest;
  label: string;
  disabled: boolean;
  /** The operation's calls for this checkout. */
  buildCalls: (checkout: CheckoutResult) => readonly WalletCall[];
  onPaid: (paid: PaidPayment) => void;
  /** A translated text for refusals the caller knows better (e.g. a quote that moved); else the usual one. */
  describeError?: (error: unknown) => string | undefined;
  onError?: (error: unknown) => void;
};

export function PayButton({ request, label, disabled, buildCalls, onPaid, describeError, onError }: PayButtonProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { address } = useConnection();
  const operation = useSendOperation();
  const pay = useMutation({
    mutationFn: async () => {
      operation.reset();
      // A passkey payer is identified by the session; a browser wallet names itself as the payer.
      const body = operation.passkey ? {} : { payer: address as Address };
      const checkout = await api.post<CheckoutResult>(`/api/requests/${request.id}/checkout`, body);
      const sent = await operation.send(buildCalls(checkout));
      return { paymentId: checkout.paymentId, transactionHash: sent.transactionHash };
    },
    onSuccess: onPaid,
    onError,
  });

  return (
    <>
      <button type="button" className="primary big" data-testid="pay" disabled={pay.isPending || disabled} onClick={() => pay.mutate()}>
        {pay.isPending ? t("checkout.paying") : label}
      </button>
      {operation.passkey ? <p className="muted small">{t("checkout.sponsored")}</p> : <p className="muted small">{t("checkout.ownGas")}</p>}
      {pay.isPending || pay.error ? <OperationProgress /> : null}
      {pay.error ? (
        <p className="error" role="alert" data-testid="pay-error">
          {describeError?.(pay.error) ?? errorText(pay.error)}
        </p>
      ) : null}
    </>
  );
}
