// What the payer agrees to before signing: merchant, amount and currency, the merchant's fee (disclosed
// on-chain, paid by the merchant out of the capture), order reference and line items.
import { useTranslation } from "react-i18next";
import type { PaymentRequest } from "@paykey/sdk/api";
import { feeOf, formatBps, formatMoney } from "@paykey/sdk/money";

export function RequestSummary({ request }: { request: PaymentRequest }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const money = (amount: bigint | string) => formatMoney({ amount, decimals: request.decimals, currency: request.currency, locale });
  const amount = BigInt(request.amount);
  return (
    <section className="card summary" data-testid="request-summary">
      <p className="muted">{t("checkout.payTo")}</p>
      <h2 data-testid="merchant-name">{request.store.name}</h2>
      <p className="amount" data-testid="request-amount">
        {money(amount)}
      </p>
      <dl className="facts">
        <dt>{t("checkout.currency")}</dt>
        <dd data-testid="request-currency">{request.currency}</dd>
        <dt>{t("checkout.fee")}</dt>
        <dd data-testid="request-fee">
          {t("checkout.feeValue", { rate: formatBps(request.store.feeBps, locale), amount: money(feeOf(amount, request.store.feeBps)) })}
        </dd>
        <dt>{t("checkout.orderRef")}</dt>
        <dd>{request.orderRef}</dd>
      </dl>
      <LineItems items={request.lineItems} money={money} />
      <p className="muted small">{t("checkout.feeNote")}</p>
    </section>
  );
}

export function LineItems({ items, money }: { items: PaymentRequest["lineItems"]; money: (amount: bigint) => string }) {
  const { t } = useTranslation();
  return (
    <table className="items" data-testid="line-items">
      <thead>
        <tr>
          <th>{t("items.name")}</th>
          <th className="num">{t("items.quantity")}</th>
          <th className="num">{t("items.total")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item, index) => (
          <tr key={`${index}-${item.name}`}>
            <td>{item.name}</td>
            <td className="num">{item.quantity}</td>
            <td className="num">{money(BigInt(item.unitPrice) * BigInt(item.quantity))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
