// Entry: reads the relayer's /api/config, then renders the app with wagmi, react-query, i18n and the router.
// Each page is its own chunk (React.lazy through the router), so a checkout loads only what it needs.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { WagmiProvider } from "wagmi";
import { api } from "./api/http.ts";
import type { AppConfig } from "@paykey/sdk/api";
import { ConfigProvider } from "./app/ConfigContext.tsx";
import { StartupError } from "./app/StartupError.tsx";
import { AppRoutes } from "./app/routes.tsx";
import { initI18n } from "./i18n/index.ts";
import { createWagmiConfig } from "./wagmi.ts";
import "./styles.css";

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 2_000 } },
});

async function start() {
  const root = createRoot(document.getElementById("root")!);
  await initI18n();
  let config: AppConfig;
  try {
    config = await api.get<AppConfig>("/api/config");
  } catch (error) {
    root.render(<StartupError error={error} onRetry={() => window.location.reload()} />);
    return;
  }
  root.render(
    <StrictMode>
      <ConfigProvider value={config}>
        <WagmiProvider config={createWagmiConfig(config)}>
          <QueryClientProvider client={queryClient}>
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </QueryClientProvider>
        </WagmiProvider>
      </ConfigProvider>
    </StrictMode>,
  );
}

void start();
