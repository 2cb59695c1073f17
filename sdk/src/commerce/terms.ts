// Payment terms between their JSON form (decimal strings, as the relayer's API carries them) and
// the wallet module's typed form (bigint).
import { getAddress } from "viem";
import type { PaymentTerms } from "../wallet/index.ts";
import type { PaymentTermsJson } from "../api/requests.ts";

export function termsFromJson(json: PaymentTermsJson): PaymentTerms {
  return {
    merchantId: BigInt(json.merchantId),
    payer: getAddress(json.payer),
    token: getAddress(json.token),
    amount: BigInt(json.amount),
    feeBps: json.feeBps,
    authorizationExpiry: json.authorizationExpiry,
    refundDeadline: json.refundDeadline,
    orderRef: json.orderRef,
    lineItemsHash: json.lineItemsHash,
    salt: BigInt(json.salt),
  };
}

export function termsToJson(terms: PaymentTerms): PaymentTermsJson {
  return {
    merchantId: terms.merchantId.toString(),
    payer: getAddress(terms.payer),
    token: getAddress(terms.token),
    amount: terms.amount.toString(),
    feeBps: terms.feeBps,
    authorizationExpiry: terms.authorizationExpiry,
    refundDeadline: terms.refundDeadline,
    orderRef: terms.orderRef,
    lineItemsHash: terms.lineItemsHash,
    salt: terms.salt.toString(),
  };
}
