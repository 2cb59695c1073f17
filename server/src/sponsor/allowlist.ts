// Which calls the relayer pays gas for: the escrow's payment and merchant functions, a
// stablecoin `approve` whose spender is the escrow, and the account's own device-management
// and recovery functions. Every call of a batch must pass; none may send native value.
// Returns what later rules need: every address the calls touch and the payment amounts.
import { decodeFunctionData, erc20Abi, getAbiItem, isAddress, slice, toFunctionSelector, type Abi, type Address, type Hex } from "viem";
import { iPaymentEscrowAbi, paykeyAccountAbi } from "@paykey/sdk/contracts";
import type { AccountCall } from "./calls.ts";
import { refuse } from "./refusal.ts";

const escrowAbi: Abi = iPaymentEscrowAbi;

/** Escrow functions a payer or merchant may call with sponsored gas. */
export const sponsoredEscrowFunctions = [
  "authorize",
  "authorizeWithPermit",
  "authorizeWithReceiveAuthorization",
  "charge",
  "chargeWithReceiveAuthorization",
  "capture",
  "void",
  "reclaim",
  "refund",
  "registerMerchant",
  "updateMerchant",
  "setMerchantOperator",
  "transferMerchantOwnership",
] as const;

/** Payments whose first argument is the terms (amount checked by the large-amount rule). */
const paymentFunctions = new Set(["authorize", "authorizeWithPermit", "authorizeWithReceiveAuthorization", "charge", "chargeWithReceiveAuthorization"]);

/** PaykeyAccount's own functions for devices (passkeys) and recovery. */
export const accountManagementFunctions = [
  "addPasskey",
  "removePasskey",
  "setGuardian",
  "proposeRecovery",
  "cancelRecovery",
  "executeRecovery",
] as const;

/** Settlement tokens are plain ERC-20s (USDC, EURC): viem's standard ABI describes them. */
const approveSelector = toFunctionSelector(getAbiItem({ abi: erc20Abi, name: "approve" }));

function selectorsOf(abi: Abi, names: readonly string[]): Set<Hex> {
  return new Set(
    abi
      .filter((item) => item.type === "function" && names.includes(item.name))
      .map((item) => toFunctionSelector(item as Extract<Abi[number], { type: "function" }>)),
  );
}

export type AllowlistRules = {
  sender: Address;
  escrow: Address | undefined;
  stablecoins: readonly Address[];
};

export type CheckedCalls = { addresses: Set<string>; paymentAmounts: bigint[] };

const escrowSelectors = selectorsOf(escrowAbi, sponsoredEscrowFunctions);
const accountSelectors = selectorsOf(paykeyAccountAbi, accountManagementFunctions);

function collectAddresses(value: unknown, into: Set<string>): void {
  if (typeof value === "string" && isAddress(value, { strict: false })) into.add(value.toLowerCase());
  else if (Array.isArray(value)) for (const item of value) collectAddresses(item, into);
  else if (value && typeof value === "object") for (const item of Object.values(value)) collectAddresses(item, into);
}

export function checkCalls(calls: readonly AccountCall[], rules: AllowlistRules): CheckedCalls {
  const addresses = new Set<string>([rules.sender.toLowerCase()]);
  const paymentAmounts: bigint[] = [];
  const escrow = rules.escrow?.toLowerCase();
  const stablecoins = new Set(rules.stablecoins.map((token) => token.toLowerCase()));

  for (const call of calls) {
    const to = call.to.toLowerCase();
    const selector = (call.data.length >= 10 ? slice(call.data, 0, 4) : "0x") as Hex;
    addresses.add(to);
    if (call.value !== 0n) throw refuse("value_not_allowed", "Sponsored calls cannot send native value.", { target: call.to, value: call.value });

    if (escrow && to === escrow && escrowSelectors.has(selector)) {
      const decoded = safeDecode(escrowAbi, call.data, call.to, selector);
      collectAddresses(decoded.args, addresses);
      if (paymentFunctions.has(decoded.functionName)) {
        const terms = (decoded.args as readonly unknown[])[0] as { amount: bigint };
        paymentAmounts.push(terms.amount);
      }
      continue;
    }
    if (stablecoins.has(to) && selector === approveSelector) {
      const decoded = safeDecode(erc20Abi, call.data, call.to, selector);
      const [spender] = decoded.args as readonly [Address, bigint];
      if (!escrow || spender.toLowerCase() !== escrow) {
        throw refuse("spender_not_allowed", "Only approvals to the payment escrow are sponsored.", { token: call.to, spender });
      }
      continue;
    }
    if (to === rules.sender.toLowerCase() && accountSelectors.has(selector)) continue;
    throw refuse("target_not_allowed", "This call is not sponsored.", { target: call.to, selector });
  }
  return { addresses, paymentAmounts };
}

function safeDecode(abi: Abi, data: Hex, target: Address, selector: Hex) {
  try {
    return decodeFunctionData({ abi, data });
  } catch {
    throw refuse("call_format_not_allowed", "The call's arguments cannot be read.", { target, selector });
  }
}
