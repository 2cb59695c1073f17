// /wallet — the payer: sign up or in, address (known before any transaction), balances, demo stablecoins,
// pay from a link or QR code, loyalty points and saved coupons, payment history, devices and the recovery guardian.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useConnection } from "wagmi";
import { AccountGate } from "../features/account/AccountGate.tsx";
import ConvertBackOffers from "../features/fx/ConvertBack.tsx";
import { Balances } from "../features/wallet/Balances.tsx";
import { Devices } from "../features/wallet/Devices.tsx";
import { FaucetButton } from "../features/wallet/FaucetButton.tsx";
import { PayLink } from "../features/wallet/PayLink.tsx";
import { PaymentHistory } from "../features/wallet/PaymentHistory.tsx";
import { GuardianCard } from "../features/recovery/GuardianCard.tsx";
import { PointsCard, SavedCouponsCard } from "../features/rewards/RewardsCards.tsx";

export function WalletPage() {
  const { t } = useTranslation();
  const { address, isConnected, connector } = useConnection();
  const [copied, setCopied] = useState(false);
  if (!isConnected || !address) return <AccountGate allowInjected />;
  const passkey = connector?.type === "paykey";
  return (
    <div className="stack">
      <section className="card" data-testid="wallet">
        <h2>{t("wallet.title")}</h2>
        <p className="muted small">{t("wallet.address")}</p>
        <p className="address">
          <code data-testid="wallet-address">{address}</code>
        </p>
        <button
          type="button"
          className="link"
          onClick={() => void navigator.clipboard?.writeText(address).then(() => setCopied(true))}
        >
          {copied ? t("common.copied") : t("common.copy")}
        </button>
        <Balances address={address} />
        <FaucetButton />
        {passkey ? <p className="muted small">{t("wallet.noGas")}</p> : null}
      </section>
      <PayLink />
      {passkey ? <ConvertBackOffers address={address} /> : null}
      {passkey ? <PointsCard /> : null}
      <SavedCouponsCard />
      {passkey ? <PaymentHistory /> : null}
      {passkey ? <Devices address={address} /> : null}
      {passkey ? <GuardianCard address={address} /> : null}
    </div>
  );
}
