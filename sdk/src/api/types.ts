// Shapes of the relayer's REST answers (see commerce-api: money is a decimal string of base units, addresses
// are checksummed hex, off-chain times are ISO strings, terms times are unix seconds).
import type { Address, Hex } from "viem";

export type Currency = "USD" | "EUR";

export type AppConfig = {
  chainId: number;
  /** Where the browser reads the chain itself (receipt verification); may be relative (`/chain`). */
  chainRpcUrl: string;
  explorerUrl: string | null;
  contracts: {
    entryPoint: Address;
    paymentEscrow: Address;
    accountFactory: Address;
    sponsorPaymaster: Address;
    loyaltyPoints: Address;
  };
  tokens: { currency: Currency; address: Address; symbol: string; decimals: number }[];
  faucet: boolean;
};

export type LineItem = { name: string; quantity: number; unitPrice: string };

export type Store = {
  id: string;
  name: string;
  currency: Currency;
  settlementToken: Address;
  payout: Address;
  ownerAccount: Address;
  merchantId: string | null;
  feeBps: number | null;
  status: "pending" | "active";
};

export type PaymentRequest = {
  id: string;
  storeId: string;
  store: { name: string; merchantId: string; payout: Address; feeBps: number };
  amount: string;
  currency: Currency;
  token: Address;
  decimals: number;
  orderRef: string;
  lineItems: LineItem[];
  lineItemsHash: Hex;
  status: "open" | "paid" | "expired";
  expiresAt: string;
  createdAt: string;
  paymentId: Hex | null;
  url: string;
};

/** `IPaymentEscrow.PaymentTerms` as JSON: integers as decimal strings. */
export type PaymentTermsJson = {
  merchantId: string;
  payer: Address;
  token: Address;
  amount: string;
  feeBps: number | string;
  authorizationExpiry: number | string;
  refundDeadline: number | string;
  orderRef: Hex;
  lineItemsHash: Hex;
  salt: string;
};

import type { PaymentEventKind } from "../commerce/paymentEvents.ts";
export type { PaymentEventKind };

export type PaymentEvent = {
  kind: PaymentEventKind;
  amount: string;
  transactionHash: Hex;
  blockNumber: number | string;
  logIndex: number;
  userOpHash: Hex | null;
  timestamp: string | null;
  /** Only a finalized step can no longer be removed by a chain reorganisation. */
  finality?: Finality;
};

export type Finality = "pending" | "safe" | "finalized";

export type PaymentStatus = "authorized" | "captured" | "refunded" | "voided" | "reclaimed";

export type Payment = {
  paymentId: Hex;
  status: PaymentStatus;
  /** The least final of its events. */
  finality: Finality;
  terms: PaymentTermsJson;
  authorized: string;
  captured: string;
  refunded: string;
  payer: Address;
  store: { id: string; name: string; merchantId: string; payout: Address };
  request: { id: string; orderRef: string; lineItems: LineItem[]; lineItemsHash: Hex; currency: Currency; decimals: number };
  events: PaymentEvent[];
};

export type Session = {
  user: { id: string };
  account: { address: Address };
  credentials: { id: string; publicKey: { x: Hex; y: Hex }; createdAt: string; lastUsedAt: string | null }[];
  session: { expiresAt: string };
};
