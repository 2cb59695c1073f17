// Which stablecoin the payer pays with, each with its balance. The merchant's own is the default; when the
// payer holds none of it but holds another, that one is (the conversion is then shown before signing).
import { useTranslation } from "react-i18next";
import type { Address } from "viem";
import type { PaymentRequest } from "@paykey/sdk/api";
import { formatMoney } from "@paykey/sdk/money";
import type { useBalances } from "../wallet/useBalances.ts";

type Balance = ReturnType<typeof useBalances>["balances"][number];

export function defaultPayToken(balances: readonly Balance[], request: PaymentRequest): Address {
  const own = balances.find((token) => token.address.toLowerCase() === request.token.toLowerCase());
  if (own?.balance === undefined || own.balance >= BigInt(request.amount)) return request.token;
  const other = balances.find((token) => token !== own && (token.balance ?? 0n) > 0n);
  return other?.address ?? request.token;
}

export function TokenPicker({ balances, value, onChange }: { balances: readonly Balance[]; value: Address; onChange: (token: Address) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="pay-with" data-testid="pay-with">
      <legend className="muted small">{t("checkout.payWith")}</legend>
      {balances.map((token) => (
        <label key={token.address} className="pay-with-option" data-testid={`pay-with-${token.symbol}`}>
          <input
            type="radio"
            name="pay-with"
            value={token.address}
            checked={token.address.toLowerCase() === value.toLowerCase()}
            onChange={() => onChange(token.address)}
          />
          <span>{token.symbol}</span>
          <span className="muted small">
            {token.balance === undefined
              ? t("common.loading")
              : formatMoney({ amount: token.balance, decimals: token.decimals, currency: token.currency, locale: i18n.language })}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
