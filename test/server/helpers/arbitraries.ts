// fast-check generators for the property-based part of the bad-input battery: arbitrary JSON
// and text, JSON-RPC envelopes and batches, user operations whose fields are anything from
// well-formed to absurd, and request bodies shaped (mostly) by a route's own JSON schema.
// Shrinking finds the smallest body that breaks a property; the seed in a failure replays it.
import fc from "fast-check";
import { bytesToHex } from "viem";
import { sample, type JsonSchema } from "./schemaMutations.ts";

const hexDigits = fc.constantFrom(..."0123456789abcdefABCDEF");

/** 0x-prefixed hex of up to `maxBytes` bytes, sometimes of odd length or with a stray character. */
export const hexish = (maxBytes: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.uint8Array({ maxLength: maxBytes }).map((bytes) => bytesToHex(bytes)) },
    { weight: 1, arbitrary: fc.string({ unit: hexDigits, maxLength: maxBytes * 2 + 3 }).map((digits) => `0x${digits}`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );

/** Quantities: in range, negative, beyond 2^256, not hex, not strings at all. */
export const quantityish = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 130n }).map((value) => `0x${value.toString(16)}`),
  fc.bigInt({ min: 2n ** 250n, max: 2n ** 300n }).map((value) => `0x${value.toString(16)}`),
  fc.bigInt({ min: -(2n ** 64n), max: -1n }).map((value) => `-0x${(-value).toString(16)}`),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.constantFrom(null, true, "0x", "0X1", " 0x1", "1e18"),
);

export const addressish = fc.oneof({ weight: 3, arbitrary: hexish(20) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) });

/** Mostly well-formed (`valid`), sometimes anything of `absurd`. */
const mostly = <T>(valid: fc.Arbitrary<T>, absurd: fc.Arbitrary<unknown>) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: absurd });

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => bytesToHex(bytes));
const quantity = fc.bigInt({ min: 0n, max: 2n ** 64n }).map((value) => `0x${value.toString(16)}`);
const bytes = (maxBytes: number) => fc.uint8Array({ maxLength: maxBytes }).map((value) => bytesToHex(value));

/** A user operation in its JSON-RPC form: each field present or not, well-formed or not. */
export function userOperationish(base: Record<string, unknown>) {
  const fields = {
    sender: mostly(address, addressish),
    nonce: mostly(quantity, quantityish),
    factory: mostly(address, addressish),
    factoryData: mostly(bytes(64), hexish(64)),
    callData: mostly(bytes(256), hexish(256)),
    callGasLimit: mostly(quantity, quantityish),
    verificationGasLimit: mostly(quantity, quantityish),
    preVerificationGas: mostly(quantity, quantityish),
    maxFeePerGas: mostly(quantity, quantityish),
    maxPriorityFeePerGas: mostly(quantity, quantityish),
    paymaster: mostly(address, addressish),
    paymasterVerificationGasLimit: mostly(quantity, quantityish),
    paymasterPostOpGasLimit: mostly(quantity, quantityish),
    paymasterData: mostly(bytes(128), hexish(128)),
    signature: mostly(bytes(512), hexish(512)),
    eip7702Auth: fc.jsonValue({ maxDepth: 2 }),
  };
  // Mostly a real operation with one or two fields changed or dropped, so that the checks past
  // the schema (policy, simulation, signatures) run too; sometimes every field generated.
  const changed = fc.record(fields, { requiredKeys: [] });
  const dropped = fc.oneof({ weight: 4, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.subarray(Object.keys(base), { maxLength: 1 }) });
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(changed, dropped).map(([change, drop]) => Object.fromEntries(Object.entries({ ...base, ...pick(change, 2) }).filter(([key]) => !drop.includes(key)))) },
    { weight: 1, arbitrary: changed },
  );
}

function pick(record: Record<string, unknown>, count: number): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).slice(0, count));
}

/** A value for `schema`: usually of its shape with arbitrary contents, sometimes any JSON at all. */
export function bodyFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const anything = fc.jsonValue({ maxDepth: 2 });
  if (!schema || depth > 4) return anything;
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant && !schema.type) return bodyFor(variant, depth);
  const type = Array.isArray(schema.type) ? schema.type.find((item) => item !== "null") : schema.type;
  let shaped: fc.Arbitrary<unknown>;
  if (schema.enum?.length || schema.const !== undefined) {
    shaped = fc.oneof(fc.constantFrom(...(schema.enum ?? [schema.const])), fc.string({ maxLength: 10 }));
  } else if (type === "object") {
    const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, bodyFor(property, depth + 1)]));
    // Half the time every required property is there, so that checks past the schema run too.
    const required = (schema.required ?? []).filter((key) => key in properties);
    shaped = fc.oneof(fc.record(properties, { requiredKeys: [] }), fc.record(properties, { requiredKeys: required }));
  } else if (type === "array") {
    shaped = fc.array(bodyFor(schema.items, depth + 1), { maxLength: (schema.maxItems ?? 4) + 2 });
  } else if (type === "string") {
    const likely = sample(schema);
    shaped = fc.oneof(
      fc.string({ maxLength: (schema.maxLength ?? 32) + 4 }),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.constant(typeof likely === "string" ? likely : ""),
      hexish(40),
    );
  } else if (type === "integer" || type === "number") {
    shaped = fc.oneof(fc.integer({ min: (schema.minimum ?? 0) - 5, max: (schema.maximum ?? 1_000) + 5 }), fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER * 8));
  } else if (type === "boolean") {
    shaped = fc.boolean();
  } else {
    return anything;
  }
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: anything });
}

/** Text a client might put in a body: JSON of anything, truncated JSON, or arbitrary characters. */
export const rawBody = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat()).map(([value, cut]) => JSON.stringify(value).slice(0, cut % 40)) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
);
