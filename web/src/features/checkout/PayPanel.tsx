// The pay step of a checkout: which stablecoin to pay with (balances shown), a balance check (with demo
// stablecoins where the faucet is on), points and a coupon (a panel of its own chunk, loaded after the pay
// step renders: paying needs none of it), then one operation — approve exactly what the payer pays +
// escrow.authorize — and its progress until included. Paying with another stablecoin than the merchant's
// loads the cross-currency step (its own chunk: the conversion's disclosure and calls are fetched only when
// chosen); points and coupons apply to a payment in the merchant's own stablecoin.
import { Suspense, lazy, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Address } from "viem";
import { useConnection } from "wagmi";
import { useAppConfig } from "../../app/ConfigContext.tsx";
import { termsFromJson } from "@paykey/sdk/commerce";
import type { PaymentRequest } from "@paykey/sdk/api";
import { formatMoney } from "@paykey/sdk/money";
import { buildPaymentCalls } from "@paykey/sdk/wallet";
import { useSendOperation } from "../operations/useSendOperation.ts";
import type { ChosenDiscount } from "../rewards/DiscountPanel.tsx";
import { FaucetButton } from "../wallet/FaucetButton.tsx";
import { useBalances } from "../wallet/useBalances.ts";
import { type PaidPayment as SentPayment, PayButton } from "./PayButton.tsx";
import { TokenPicker, defaultPayToken } from "./TokenPicker.tsx";

/** A paid checkout: the payment, its transaction and what it settled in the request's currency. */
export type PaidPayment = SentPayment & { amount: bigint };

const CrossCurrencyPay = lazy(() => import("../fx/CrossCurrencyPay.tsx"));
const DiscountPanel = lazy(() => import("../rewards/DiscountPanel.tsx"));

export function PayPanel({ request, onPaid }: { request: PaymentRequest; onPaid: (paid: PaidPayment) => void }) {
  const { t, i18n } = useTranslation();
  const config = useAppConfig();
  const { address } = useConnection();
  const { passkey } = useSendOperation();
  const { balances } = useBalances(address);
  const [chosenToken, setChosenToken] = useState<Address>();
  const [discount, setDiscount] = useState<ChosenDiscount>();
  const payWith = chosenToken ?? defaultPayToken(balances, request);
  const token = balances.find((candidate) => candidate.address.toLowerCase() === payWith.toLowerCase());
  const foreign = payWith.toLowerCase() !== request.token.toLowerCase();
  const balance = token?.balance;
  const amount = (!foreign && discount?.payerAmount) || BigInt(request.amount);
  const short = !foreign && balance !== undefined && balance < amount;
  const money = (value: bigint) => formatMoney({ amount: value, decimals: request.decimals, currency: request.currency, locale: i18n.language });

  return (
    <section className="card" data-testid="pay-panel">
      <p className="muted small">
        {t("checkout.payingFrom")} <code data-testid="payer-address">{address}</code>
      </p>
      {balances.length > 1 ? <TokenPicker balances={balances} value={payWith} onChange={setChosenToken} /> : null}
      {balance !== undefined && token ? (
        <p data-testid="payer-balance">
          {t("checkout.balance", { balance: formatMoney({ amount: balance, decimals: token.decimals, currency: token.currency, locale: i18n.language }) })}
        </p>
      ) : null}
      {foreign && token ? (
        <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
          <CrossCurrencyPay request={request} tokenIn={token} balance={balance} onPaid={(paid) => onPaid({ ...paid, amount })} />
        </Suspense>
      ) : (
        <>
          {short ? (
            <div className="notice" data-testid="insufficient">
              <p>{t("checkout.insufficient", { missing: money(amount - balance) })}</p>
              <FaucetButton />
            </div>
          ) : null}
          {address ? (
            <Suspense fallback={null}>
              <DiscountPanel request={request} payer={address} namesPayer={!passkey} onChange={setDiscount} />
            </Suspense>
          ) : null}
          <PayButton
            request={request}
            label={t("checkout.pay", { amount: money(amount) })}
            disabled={short || balance === undefined}
            buildCalls={(checkout) =>
              buildPaymentCalls({
                escrowAddress: config.contracts.paymentEscrow,
                terms: termsFromJson(checkout.terms),
                discount: discount?.discount,
                payerAmount: discount?.payerAmount,
              })
            }
            onPaid={(paid) => onPaid({ ...paid, amount })}
          />
        </>
      )}
    </section>
  );
}
