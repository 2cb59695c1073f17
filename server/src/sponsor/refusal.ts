// A sponsorship refusal: a JSON-RPC error whose `data.reason` says which rule refused it.
// Rules (what is sponsored) answer -32501; caps, budget and velocity answer -32504.
import type { CounterReason, SponsorshipReason } from "@paykey/sdk/api/reasons";
import { rpcErrorCodes, SponsorshipRefusedError } from "../errors/rpc.ts";

/** The policy's own reasons, and the one a feature module's call rule refuses with (see Sponsor.addCallRule). */
export type RefusalReason = SponsorshipReason | Extract<CounterReason, "operator_not_permitted">;

const throttles = new Set<RefusalReason>(["daily_op_cap", "daily_gas_cap", "daily_budget", "review_required"]);

/** JSON-safe details: bigints become decimal strings. */
function jsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).map(([key, value]) => [key, typeof value === "bigint" ? value.toString() : value]));
}

export function refuse(reason: RefusalReason, message: string, details: Record<string, unknown> = {}): SponsorshipRefusedError {
  return new SponsorshipRefusedError(
    message,
    { ...jsonSafe(details), reason },
    throttles.has(reason) ? rpcErrorCodes.throttled : rpcErrorCodes.rejectedByPaymaster,
  );
}
