// The relayer's /api/config, fetched once at start-up and provided to every page.
import { createContext, useContext } from "react";
import type { Address } from "viem";
import type { AppConfig, Currency } from "@paykey/sdk/api";

/**
 * The relayer's config as the pages use it: with the escrow they pay through. A relayer without one answers
 * every commerce route with 503 `escrow_unavailable` before a page would use the address, so the pages that
 * need it never run with null (a type-only narrowing: no bytes in the checkout bundle).
 */
export type WebConfig = AppConfig & { contracts: { paymentEscrow: Address } };

const ConfigContext = createContext<AppConfig | null>(null);

export const ConfigProvider = ConfigContext.Provider;

export function useAppConfig(): WebConfig {
  const config = useContext(ConfigContext);
  if (!config) throw new Error("useAppConfig outside ConfigProvider");
  return config as WebConfig;
}

/** The settlement token of `currency` (or at `address`). */
export function useToken(currencyOrAddress: Currency | Address | undefined) {
  const { tokens } = useAppConfig();
  return tokens.find(
    (token) => token.currency === currencyOrAddress || token.address.toLowerCase() === currencyOrAddress?.toLowerCase(),
  );
}
