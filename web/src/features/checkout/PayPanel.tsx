// The pay step of a checkout: balance check (with demo stablecoins where the faucet is on), then one
// operation — approve exactly the amount + escrow.authorize — and its progress until included.
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Address, Hex } from "viem";
import { useConnection } from "wagmi";
import { useAppConfig } from "../../app/ConfigContext.tsx";
import { useErrorText } from "../../app/errors.ts";
import { api } from "../../api/http.ts";
import { termsFromJson } from "@paykey/sdk/commerce";
import type { CheckoutResult, PaymentRequest } from "@paykey/sdk/api";
import { formatMoney } from "@paykey/sdk/money";
import { buildPaymentCalls } from "@paykey/sdk/wallet";
import { OperationProgress } from "../operations/OperationProgress.tsx";
import { useSendOperation } from "../operations/useSendOperation.ts";
import { FaucetButton } from "../wallet/FaucetButton.tsx";
import { useBalances } from "../wallet/useBalances.ts";

export type PaidPayment = { paymentId: Hex; transactionHash: Hex };

export function PayPanel({ request, onPaid }: { request: PaymentRequest; onPaid: (paid: PaidPayment) => void }) {
  const { t, i18n } = useTranslation();
  const config = useAppConfig();
  const errorText = useErrorText();
  const { address } = useConnection();
  const { balances } = useBalances(address);
  const operation = useSendOperation();
  const balance = balances.find((token) => token.address.toLowerCase() === request.token.toLowerCase())?.balance;
  const amount = BigInt(request.amount);
  const short = balance !== undefined && balance < amount;
  const money = (value: bigint) => formatMoney({ amount: value, decimals: request.decimals, currency: request.currency, locale: i18n.language });

  const pay = useMutation({
    mutationFn: async () => {
      operation.reset();
      // A passkey payer is identified by the session; a browser wallet names itself as the payer.
      const body = operation.passkey ? {} : { payer: address as Address };
      const checkout = await api.post<CheckoutResult>(`/api/requests/${request.id}/checkout`, body);
      const calls = buildPaymentCalls({ escrowAddress: config.contracts.paymentEscrow, terms: termsFromJson(checkout.terms) });
      const sent = await operation.send(calls);
      return { paymentId: checkout.paymentId, transactionHash: sent.transactionHash };
    },
    onSuccess: onPaid,
  });

  return (
    <section className="card" data-testid="pay-panel">
      <p className="muted small">
        {t("checkout.payingFrom")} <code data-testid="payer-address">{address}</code>
      </p>
      {balance !== undefined ? (
        <p data-testid="payer-balance">{t("checkout.balance", { balance: money(balance) })}</p>
      ) : null}
      {short ? (
        <div className="notice" data-testid="insufficient">
          <p>{t("checkout.insufficient", { missing: money(amount - balance) })}</p>
          <FaucetButton />
        </div>
      ) : null}
      <button
        type="button"
        className="primary big"
        data-testid="pay"
        disabled={pay.isPending || short || balance === undefined}
        onClick={() => pay.mutate()}
      >
        {pay.isPending ? t("checkout.paying") : t("checkout.pay", { amount: money(amount) })}
      </button>
      {operation.passkey ? <p className="muted small">{t("checkout.sponsored")}</p> : <p className="muted small">{t("checkout.ownGas")}</p>}
      {pay.isPending || pay.error ? <OperationProgress /> : null}
      {pay.error ? <p className="error" role="alert" data-testid="pay-error">{errorText(pay.error)}</p> : null}
    </section>
  );
}
