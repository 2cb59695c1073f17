// Every machine-readable reason the relayer sends with a refusal: REST answers carry it as
// `{ error: { reason } }`, JSON-RPC errors as `error.data.reason`. The relayer and the web app
// share this list. The relayer's errors take their reason from it only (HttpError, RpcError),
// and the web app's translations are typed by it (web/src/i18n/en.ts, and zh.ts through en's
// type), so a reason added here without an English and a Chinese text does not compile.
//
// Not in it: errors the relayer passes through from the chain's node on POST /chain (the
// node's own code and data, which clients such as viem decode), and the free-text
// `failureReason` of an operation that failed after acceptance (a status, not a refusal).

/** Passkey sign-up, sign-in and sessions (server/src/auth). */
export const authReasons = [
  "invalid_response",
  "challenge_unknown",
  "challenge_expired",
  "origin_mismatch",
  "rp_id_mismatch",
  "user_verification_required",
  "credential_unknown",
  "credential_exists",
  "signature_invalid",
  "unsupported_key",
  "unauthenticated",
  "session_expired",
] as const;

/** Stores, payment requests, checkout, payments, the faucet (server/src/commerce). */
export const commerceReasons = [
  "not_found",
  "forbidden",
  "currency_unavailable",
  "escrow_unavailable",
  "not_registered",
  "merchant_claimed",
  "store_not_active",
  "line_items_mismatch",
  "request_paid",
  "request_expired",
  "payer_required",
  "faucet_disabled",
  "faucet_rate_limited",
  "faucet_unavailable",
] as const;

/**
 * The counter's own reasons: cashiers, the point of sale, coupons and discounts, devices and recovery
 * (server/src/counter, which also sends some commerce reasons: not_found, forbidden, …). Only the
 * counter's pages and the checkout's discount panel, all loaded lazily, show them, so the web app
 * translates them in a bundle of their own (web/src/i18n/counterReasons.ts), outside the checkout's.
 */
export const counterReasons = [
  "invite_expired",
  "invite_used",
  "owner_cannot_be_cashier",
  "already_cashier",
  "unknown_item",
  "coupon_not_found",
  "coupon_invalid",
  "coupon_exists",
  "coupon_signature_invalid",
  "coupons_disabled",
  "coupon_wrong_merchant",
  "coupon_expired",
  "coupon_used_up",
  "coupon_wrong_payer",
  "insufficient_points",
  "discount_covers_price",
  "device_current",
  "device_on_chain",
  "account_unknown",
  "recovery_not_executed",
  // A cashier's escrow operation the counter's sponsorship rule refuses (server/src/counter/sponsorRule.ts).
  "operator_not_permitted",
] as const;
/** The auditor: read-only sessions, grants, reconciliation and receipt lookup (server/src/audit). Translated by the
 * auditor page's own strings (web/src/features/audit/i18n.ts), not the checkout's bundle. */
export const auditReasons = ["auditor_read_only", "not_auditor", "not_granted", "receipt_not_found", "audit_busy", "chain_unavailable"] as const;

/** The back office: analytics and export periods, store time zones, webhook endpoints, the demo store (server/src/ledger, webhooks, demo). */
export const backOfficeReasons = ["invalid_period", "invalid_time_zone", "endpoint_not_public", "endpoint_unresolvable", "demo_claimed"] as const;

/** The sponsorship policy: which rule or cap refused a paymaster signature (server/src/sponsor). */
export const sponsorshipReasons = [
  "account_not_registered",
  "factory_not_allowed",
  "call_format_not_allowed",
  "target_not_allowed",
  "value_not_allowed",
  "spender_not_allowed",
  "address_blocked",
  "gas_price_ceiling",
  "review_required",
  "daily_op_cap",
  "daily_gas_cap",
  "daily_budget",
] as const;

/** Cross-border settlement: why a conversion cannot be quoted now (server/src/fx; `data.error` names the router's own error). */
export const fxReasons = ["fx_unavailable", "pair_not_found", "feed_unavailable", "insufficient_liquidity"] as const;

/** The HTTP layer: malformed or oversize requests, limits, faults of the relayer itself. */
export const requestReasons = [
  "invalid_input",
  "malformed_json",
  "empty_body",
  "body_too_large",
  "invalid_content_length",
  "unsupported_media_type",
  "bad_url",
  "bad_request",
  "rate_limited",
  "internal_error",
] as const;

/** JSON-RPC on /rpc and /chain: the request itself, the bundler's checks and simulation, the chain. */
export const rpcReasons = [
  "parse_error",
  "invalid_request",
  "empty_batch",
  "batch_too_large",
  "method_not_found",
  "invalid_params",
  "unsupported_entry_point",
  "unsupported_chain",
  "invalid_fees",
  "max_fee_too_low",
  "pre_verification_gas_too_low",
  "nonce_in_flight",
  "replacement_underpriced",
  "out_of_time_range",
  "invalid_signature",
  "unsupported_aggregator",
  "execution_reverted",
  "simulation_failed",
  "simulation_reverted",
  "simulation_unavailable",
  "chain_unreachable",
  "log_range_too_large",
  "too_many_logs",
] as const;

export type AuthReason = (typeof authReasons)[number];
export type CommerceReason = (typeof commerceReasons)[number];
export type CounterReason = (typeof counterReasons)[number];
/** What server/src/counter's errors may carry: its own reasons and these of the commerce module. */
export type CounterErrorReason = Exclude<CounterReason, "operator_not_permitted"> | Extract<CommerceReason, "not_found" | "forbidden" | "store_not_active" | "escrow_unavailable" | "payer_required">;
export type SponsorshipReason = (typeof sponsorshipReasons)[number];
export type FxReason = (typeof fxReasons)[number];
export type BackOfficeReason = (typeof backOfficeReasons)[number];
export type AuditReason = (typeof auditReasons)[number];

/** Every reason, once (a few belong to two areas, e.g. not_found). */
export const relayerReasons = [
  ...new Set([...authReasons, ...commerceReasons, ...counterReasons, ...auditReasons, ...backOfficeReasons, ...sponsorshipReasons, ...fxReasons, ...requestReasons, ...rpcReasons]),
] as readonly RelayerReason[];

export type RelayerReason =
  | AuthReason
  | CommerceReason
  | CounterReason
  | AuditReason
  | BackOfficeReason
  | SponsorshipReason
  | FxReason
  | (typeof requestReasons)[number]
  | (typeof rpcReasons)[number];
