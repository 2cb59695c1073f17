// The counter's pages in one chunk: the point of sale, a cashier's invite, a coupon link, and recovery (the
// recovering device's page and the guardian's). One lazy import for the five keeps the route table, which
// ships with the checkout, small.
import { CashierInvitePage } from "./CashierInvitePage.tsx";
import { CouponPage } from "./CouponPage.tsx";
import { GuardianPage } from "./GuardianPage.tsx";
import { PosPage } from "./PosPage.tsx";
import { RecoverPage } from "./RecoverPage.tsx";

const pages = { pos: PosPage, cashier: CashierInvitePage, coupon: CouponPage, recover: RecoverPage, guardian: GuardianPage };

export function CounterPages({ page }: { page: keyof typeof pages }) {
  const Page = pages[page];
  return <Page />;
}
