// Which calls the relayer pays gas for: the escrow's payment and merchant functions, the FX
// router's conversion (a cross-currency payment converts in the same batch), a stablecoin
// `approve` whose spender is the escrow or the router, the account's own device-management
// and recovery functions, and a guardian's `proposeRecovery` (or anyone's `executeRecovery`) on
// another account (the policy then checks that account is a Paykey account). Every call of a
// batch must pass; none may send native value.
// Returns what later rules need: every address the calls touch and the payment amounts.
import { decodeAbiParameters, erc20Abi, isAddress, slice, toFunctionSelector, type Abi, type AbiFunction, type Address, type Hex } from "viem";
import { iFxRouterAbi, iPaymentEscrowAbi, paykeyAccountAbi } from "@paykey/sdk/contracts";
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

/** PaykeyAccount functions called on another account: a guardian proposes, anyone executes after the delay. */
export const recoveryFunctions = ["proposeRecovery", "executeRecovery"] as const;


/** The functions of `abi` named in `names`, by selector (hashed once, not at every decode). */
export function functionsBySelector(abi: Abi, names: readonly string[]): Map<Hex, AbiFunction> {
  return new Map(
    abi
      .filter((item): item is AbiFunction => item.type === "function" && names.includes(item.name))
      .map((item) => [toFunctionSelector(item), item]),
  );
}

/** FxRouter functions a payer may call with sponsored gas: the conversion only (not liquidity). */
export const sponsoredRouterFunctions = ["convertExactOut"] as const;

export type AllowlistRules = {
  sender: Address;
  escrow: Address | undefined;
  stablecoins: readonly Address[];
  fxRouter?: Address | undefined;
};

export type CheckedCalls = {
  addresses: Set<string>;
  paymentAmounts: bigint[];
  /** Accounts this operation calls `proposeRecovery` / `executeRecovery` on (other than the sender). */
  recoveryTargets: Address[];
};

const escrowFunctions = functionsBySelector(escrowAbi, sponsoredEscrowFunctions);
const accountFunctions = functionsBySelector(paykeyAccountAbi, accountManagementFunctions);
const routerFunctions = functionsBySelector(iFxRouterAbi, sponsoredRouterFunctions);
const recoveryFunctionsBySelector = functionsBySelector(paykeyAccountAbi, recoveryFunctions);
/** Settlement tokens are plain ERC-20s (USDC, EURC): viem's standard ABI describes them. */
const approveFunction = functionsBySelector(erc20Abi, ["approve"]);

function collectAddresses(value: unknown, into: Set<string>): void {
  if (typeof value === "string" && isAddress(value, { strict: false })) into.add(value.toLowerCase());
  else if (Array.isArray(value)) for (const item of value) collectAddresses(item, into);
  else if (value && typeof value === "object") for (const item of Object.values(value)) collectAddresses(item, into);
}

export function checkCalls(calls: readonly AccountCall[], rules: AllowlistRules): CheckedCalls {
  const addresses = new Set<string>([rules.sender.toLowerCase()]);
  const paymentAmounts: bigint[] = [];
  const recoveryTargets: Address[] = [];
  const escrow = rules.escrow?.toLowerCase();
  const router = rules.fxRouter?.toLowerCase();
  const stablecoins = new Set(rules.stablecoins.map((token) => token.toLowerCase()));

  for (const call of calls) {
    const to = call.to.toLowerCase();
    const selector = (call.data.length >= 10 ? slice(call.data, 0, 4) : "0x") as Hex;
    addresses.add(to);
    if (call.value !== 0n) throw refuse("value_not_allowed", "Sponsored calls cannot send native value.", { target: call.to, value: call.value });

    if (escrow && to === escrow && escrowFunctions.has(selector)) {
      const decoded = safeDecode(escrowFunctions, call.data, call.to, selector);
      collectAddresses(decoded.args, addresses);
      if (paymentFunctions.has(decoded.functionName)) {
        const terms = (decoded.args as readonly unknown[])[0] as { amount: bigint };
        paymentAmounts.push(terms.amount);
      }
      continue;
    }
    if (router && to === router && routerFunctions.has(selector)) {
      collectAddresses(safeDecode(routerFunctions, call.data, call.to, selector).args, addresses);
      continue;
    }
    if (stablecoins.has(to) && approveFunction.has(selector)) {
      const decoded = safeDecode(approveFunction, call.data, call.to, selector);
      const [spender] = decoded.args as readonly [Address, bigint];
      const allowed = spender.toLowerCase();
      if (!((escrow && allowed === escrow) || (router && allowed === router))) {
        throw refuse("spender_not_allowed", "Only approvals to the payment escrow or the FX router are sponsored.", { token: call.to, spender });
      }
      continue;
    }
    if (to === rules.sender.toLowerCase() && accountFunctions.has(selector)) continue;
    if (recoveryFunctionsBySelector.has(selector)) {
      recoveryTargets.push(call.to);
      continue;
    }
    throw refuse("target_not_allowed", "This call is not sponsored.", { target: call.to, selector });
  }
  return { addresses, paymentAmounts, recoveryTargets };
}

/**
 * The call's function (one of `functions`, by its selector) and arguments; undefined for
 * another function. Throws viem's error for arguments that cannot be read.
 */
export function decodeCall(functions: ReadonlyMap<Hex, AbiFunction>, data: Hex): { functionName: string; args: readonly unknown[] } | undefined {
  const item = functions.get(data.slice(0, 10).toLowerCase() as Hex);
  return item && { functionName: item.name, args: decodeAbiParameters(item.inputs, `0x${data.slice(10)}`) as readonly unknown[] };
}

function safeDecode(functions: ReadonlyMap<Hex, AbiFunction>, data: Hex, target: Address, selector: Hex) {
  try {
    const decoded = decodeCall(functions, data);
    if (!decoded) throw new Error("unknown selector");
    return decoded;
  } catch {
    throw refuse("call_format_not_allowed", "The call's arguments cannot be read.", { target, selector });
  }
}
