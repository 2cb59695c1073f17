// The itemised receipt as the escrow commits to it, shared by the relayer and the web app so
// that both hash identically (browser-safe: viem only, no DOM, no React).
//
// A payment's terms carry `lineItemsHash = keccak256(abi.encode((string name, uint256 quantity,
// uint256 unitPrice)[]))` and `orderRef = keccak256(utf8(orderRef))`; a receipt is verified by
// recomputing both from the off-chain order and comparing them with the on-chain event.
import { encodeAbiParameters, keccak256, stringToBytes, type Hex } from "viem";

/** One line of a payment request. Money in token base units (`unitPrice` as bigint or decimal string). */
export type LineItem = {
  name: string;
  quantity: number | bigint;
  unitPrice: bigint | string;
};

/** The limits the relayer enforces on a payment request (the web app validates with the same ones). */
export const lineItemLimits = {
  maxItems: 50,
  maxNameLength: 80,
  maxQuantity: 10_000,
  maxOrderRefLength: 64,
} as const;

// The one ABI shape written here: no contract declares a line-item struct (the escrow stores and
// emits only the hash, so the itemised order stays off-chain and the terms stay fixed-size), so no
// generated ABI contains it.
const lineItemsAbi = [
  {
    type: "tuple[]",
    components: [
      { name: "name", type: "string" },
      { name: "quantity", type: "uint256" },
      { name: "unitPrice", type: "uint256" },
    ],
  },
] as const;

function toUint(value: number | bigint | string, what: string): bigint {
  if (typeof value === "number" && !Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer, got ${value}.`);
  if (typeof value === "string" && !/^\d+$/.test(value)) throw new RangeError(`${what} must be a decimal integer string, got ${JSON.stringify(value)}.`);
  const result = BigInt(value);
  if (result < 0n) throw new RangeError(`${what} must not be negative, got ${result}.`);
  return result;
}

/** `keccak256(abi.encode((string name, uint256 quantity, uint256 unitPrice)[]))`, in the given order. */
export function hashLineItems(items: readonly LineItem[]): Hex {
  const encoded = encodeAbiParameters(lineItemsAbi, [
    items.map((item, index) => ({
      name: item.name,
      quantity: toUint(item.quantity, `lineItems[${index}].quantity`),
      unitPrice: toUint(item.unitPrice, `lineItems[${index}].unitPrice`),
    })),
  ]);
  return keccak256(encoded);
}

/** The sum of `quantity * unitPrice` over the items, in base units. */
export function sumLineItems(items: readonly LineItem[]): bigint {
  return items.reduce(
    (total, item, index) => total + toUint(item.quantity, `lineItems[${index}].quantity`) * toUint(item.unitPrice, `lineItems[${index}].unitPrice`),
    0n,
  );
}

/** The on-chain `orderRef` (bytes32) of a merchant's order reference: keccak256 of its UTF-8 bytes. */
export function orderRefHash(orderRef: string): Hex {
  return keccak256(stringToBytes(orderRef));
}
