// Payment terms between their JSON form (decimal strings) and the wallet module's typed form (bigint).
import { getAddress } from "viem";
import type { PaymentTerms } from "../wallet/index.ts";
import type { PaymentTermsJson } from "../api/types.ts";

export function termsFromJson(json: PaymentTermsJson): PaymentTerms {
  return {
    merchantId: BigInt(json.merchantId),
    payer: getAddress(json.payer),
    token: getAddress(json.token),
    amount: BigInt(json.amount),
    feeBps: Number(json.feeBps),
    authorizationExpiry: Number(json.authorizationExpiry),
    refundDeadline: Number(json.refundDeadline),
    orderRef: json.orderRef,
    lineItemsHash: json.lineItemsHash,
    salt: BigInt(json.salt),
  };
}
