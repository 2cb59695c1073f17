// The merchant's back office on the dashboard: sales analytics with charts, CSV exports of the
// same period, and webhooks. Its strings, styles and chart library come with the merchant
// page's chunks only.
import { useState } from "react";
import type { Store } from "@paykey/sdk/api";
import { AnalyticsPanel } from "./AnalyticsPanel.tsx";
import { ExportsPanel } from "./ExportsPanel.tsx";
import type { AnalyticsView } from "./useAnalytics.ts";
import { WebhooksPanel } from "./WebhooksPanel.tsx";
import "./backoffice.css";
import "./i18n.ts";

export function BackOffice({ store }: { store: Store }) {
  const [view, setView] = useState<AnalyticsView>({ days: 30, granularity: "day" });
  return (
    <div className="backoffice stack" data-testid="backoffice">
      <AnalyticsPanel store={store} view={view} setView={setView} />
      <ExportsPanel store={store} view={view} />
      <WebhooksPanel store={store} />
    </div>
  );
}
