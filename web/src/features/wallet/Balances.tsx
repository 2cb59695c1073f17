// Balances of the connected account, one line per stablecoin.
import { useTranslation } from "react-i18next";
import type { Address } from "viem";
import { formatMoney } from "@paykey/sdk/money";
import { useBalances } from "./useBalances.ts";

export function Balances({ address }: { address: Address }) {
  const { t, i18n } = useTranslation();
  const { balances } = useBalances(address);
  return (
    <ul className="balances" data-testid="balances">
      {balances.map((token) => (
        <li key={token.address} data-testid={`balance-${token.currency}`} data-amount={token.balance?.toString() ?? ""}>
          <span className="muted">{token.symbol}</span>
          <strong>
            {token.balance === undefined
              ? t("common.loading")
              : formatMoney({ amount: token.balance, decimals: token.decimals, currency: token.currency, locale: i18n.language })}
          </strong>
        </li>
      ))}
    </ul>
  );
}
