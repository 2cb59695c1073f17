// The pay step of a checkout: which stablecoin to pay with (balances shown), a balance check (with demo
// stablecoins where the faucet is on), then one operation — approve exactly the amount + escrow.authorize —
// and its progress until included. Paying with another stablecoin than the merchant's loads the
// cross-currency step (its own chunk: the conversion's disclosure and calls are fetched only when chosen).
import { Suspense, lazy, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Address } from "viem";
import { useConnection } from "wagmi";
import { useAppConfig } from "../../app/ConfigContext.tsx";
import { termsFromJson } from "@paykey/sdk/commerce";
import type { PaymentRequest } from "@paykey/sdk/api";
import { formatMoney } from "@paykey/sdk/money";
import { buildPaymentCalls } from "@paykey/sdk/wallet";
import { FaucetButton } from "../wallet/FaucetButton.tsx";
import { useBalances } from "../wallet/useBalances.ts";
import { type PaidPayment, PayButton } from "./PayButton.tsx";
import { TokenPicker, defaultPayToken } from "./TokenPicker.tsx";

export type { PaidPayment };

const CrossCurrencyPay = lazy(() => import("../fx/CrossCurrencyPay.tsx"));

export function PayPanel({ request, onPaid }: { request: PaymentRequest; onPaid: (paid: PaidPayment) => void }) {
  const { t, i18n } = useTranslation();
  const config = useAppConfig();
  const { address } = useConnection();
  const { balances } = useBalances(address);
  const [chosen, setChosen] = useState<Address>();
  const payWith = chosen ?? defaultPayToken(balances, request);
  const token = balances.find((candidate) => candidate.address.toLowerCase() === payWith.toLowerCase());
  const foreign = payWith.toLowerCase() !== request.token.toLowerCase();
  const balance = token?.balance;
  const amount = BigInt(request.amount);
  const short = !foreign && balance !== undefined && balance < amount;
  const money = (value: bigint) => formatMoney({ amount: value, decimals: request.decimals, currency: request.currency, locale: i18n.language });

  return (
    <section className="card" data-testid="pay-panel">
      <p className="muted small">
        {t("checkout.payingFrom")} <code data-testid="payer-address">{address}</code>
      </p>
      {balances.length > 1 ? <TokenPicker balances={balances} value={payWith} onChange={setChosen} /> : null}
      {balance !== undefined && token ? (
        <p data-testid="payer-balance">
          {t("checkout.balance", { balance: formatMoney({ amount: balance, decimals: token.decimals, currency: token.currency, locale: i18n.language }) })}
        </p>
      ) : null}
      {foreign && token ? (
        <Suspense fallback={<p className="muted">{t("common.loading")}</p>}>
          <CrossCurrencyPay request={request} tokenIn={token} balance={balance} onPaid={onPaid} />
        </Suspense>
      ) : (
        <>
          {short ? (
            <div className="notice" data-testid="insufficient">
              <p>{t("checkout.insufficient", { missing: money(amount - balance) })}</p>
              <FaucetButton />
            </div>
          ) : null}
          <PayButton
            request={request}
            label={t("checkout.pay", { amount: money(amount) })}
            disabled={short || balance === undefined}
            buildCalls={(checkout) => buildPaymentCalls({ escrowAddress: config.contracts.paymentEscrow, terms: termsFromJson(checkout.terms) })}
            onPaid={onPaid}
          />
        </>
      )}
    </section>
  );
}
