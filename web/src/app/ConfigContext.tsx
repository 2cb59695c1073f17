// The relayer's /api/config, fetched once at start-up and provided to every page.
import { createContext, useContext } from "react";
import type { Address } from "viem";
import type { AppConfig, Currency } from "@paykey/sdk/api";

const ConfigContext = createContext<AppConfig | null>(null);

export const ConfigProvider = ConfigContext.Provider;

export function useAppConfig(): AppConfig {
  const config = useContext(ConfigContext);
  if (!config) throw new Error("useAppConfig outside ConfigProvider");
  return config;
}

/** The settlement token of `currency` (or at `address`). */
export function useToken(currencyOrAddress: Currency | Address | undefined) {
  const { tokens } = useAppConfig();
  return tokens.find(
    (token) => token.currency === currencyOrAddress || token.address.toLowerCase() === currencyOrAddress?.toLowerCase(),
  );
}
