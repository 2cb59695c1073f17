// The route table. Every page is its own chunk (React.lazy), fetched when the route is first visited; the
// declarative router keeps the router's own code small (no data-router machinery is needed here).
import { Suspense, lazy } from "react";
import { Route, Routes } from "react-router";
import { AppShell } from "./AppShell.tsx";

const HomePage = lazy(async () => ({ default: (await import("../pages/HomePage.tsx")).HomePage }));
const WalletPage = lazy(async () => ({ default: (await import("../pages/WalletPage.tsx")).WalletPage }));
const CheckoutPage = lazy(async () => ({ default: (await import("../pages/CheckoutPage.tsx")).CheckoutPage }));
const MerchantPage = lazy(async () => ({ default: (await import("../pages/MerchantPage.tsx")).MerchantPage }));
const ReceiptPage = lazy(async () => ({ default: (await import("../pages/ReceiptPage.tsx")).ReceiptPage }));
const CounterPages = lazy(async () => ({ default: (await import("../pages/CounterPages.tsx")).CounterPages }));
const AuditorPage = lazy(async () => ({ default: (await import("../pages/AuditorPage.tsx")).AuditorPage }));
const NotFoundPage = lazy(async () => ({ default: (await import("../pages/NotFoundPage.tsx")).NotFoundPage }));

export function AppRoutes() {
  return (
    <Routes>
      {/* The point of sale is full screen: no app header. */}
      <Route path="pos/:storeId" element={<Suspense fallback={null}><CounterPages page="pos" /></Suspense>} />
      <Route element={<AppShell />}>
        <Route index element={<HomePage />} />
        <Route path="wallet" element={<WalletPage />} />
        <Route path="pay/:requestId" element={<CheckoutPage />} />
        <Route path="merchant" element={<MerchantPage />} />
        <Route path="receipt/:paymentId" element={<ReceiptPage />} />
        <Route path="cashier/:token" element={<CounterPages page="cashier" />} />
        <Route path="coupon/:code" element={<CounterPages page="coupon" />} />
        <Route path="recover" element={<CounterPages page="recover" />} />
        <Route path="guardian" element={<CounterPages page="guardian" />} />
        <Route path="audit" element={<AuditorPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
