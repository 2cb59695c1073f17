// Bad request bodies generated from a route's JSON schema (as /openapi.json describes it): a
// plausible body, then one mutation at a time — each property missing, of another type,
// past its bounds, off its pattern or enum — down to nested objects. Any route a module
// adds is covered without a hand-written list.

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
};

export type Mutation = { path: string; body: unknown };

const candidateStrings = ["AAAA", `0x${"a".repeat(40)}`, `0x${"a".repeat(64)}`, "0x00", "a", "2026-01-01T00:00:00.000Z", "1", "USD", "public-key", "platform"];

function typeOf(schema: JsonSchema): string | undefined {
  if (schema.const !== undefined) return typeof schema.const;
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== "null");
  if (schema.type) return schema.type;
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  return variant ? typeOf(variant) : undefined;
}

/** A value the schema probably accepts (the base each mutation changes one thing of). */
export function sample(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (!schema.type && variant) return sample(variant);
  switch (typeOf(schema)) {
    case "string": {
      const pattern = schema.pattern ? new RegExp(schema.pattern) : undefined;
      const fits = (value: string) =>
        (!pattern || pattern.test(value)) && value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Infinity);
      return candidateStrings.find(fits) ?? "a".repeat(Math.max(1, schema.minLength ?? 1));
    }
    case "number":
    case "integer":
      return Math.max(schema.minimum ?? 1, 1);
    case "boolean":
      return true;
    case "array":
      return schema.items ? [sample(schema.items)] : [];
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, sample(property)]));
    default:
      return null;
  }
}

/** Values of the wrong kind for `schema`, and values just past its bounds. */
export function wrongValues(schema: JsonSchema): unknown[] {
  const type = typeOf(schema);
  const nullable = Array.isArray(schema.type) && schema.type.includes("null");
  const values: unknown[] = [];
  if (type !== "string") values.push("x", "");
  if (type !== "number" && type !== "integer") values.push(7, -1.5, 1e300);
  if (type !== "boolean") values.push(true);
  if (type !== "object") values.push({});
  if (type !== "array") values.push([]);
  if (!nullable) values.push(null);
  if (type === "string") {
    if (schema.maxLength !== undefined) values.push("a".repeat(schema.maxLength + 1));
    if ((schema.minLength ?? 0) > 0) values.push("");
    if (schema.pattern) values.push("\u0000<script>!", "' OR 1=1 --");
    if (schema.enum) values.push("not-one-of-them");
  }
  if (type === "integer") values.push(1.5);
  if ((type === "number" || type === "integer") && schema.minimum !== undefined) values.push(schema.minimum - 1);
  if ((type === "number" || type === "integer") && schema.maximum !== undefined) values.push(schema.maximum + 1);
  if (type === "array" && schema.maxItems !== undefined) values.push(Array.from({ length: schema.maxItems + 1 }, () => sample(schema.items ?? {})));
  // A value the schema accepts is no mutation.
  return values.filter((value) => !(schema.enum ?? []).includes(value) && value !== schema.const);
}

const remove = Symbol("remove");

function withValue(body: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const copy = { ...(body as Record<string, unknown>) };
  const next = withValue(copy[head], rest, value);
  if (next === remove) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** One mutation per property (missing when required, each wrong value), nested objects included. */
export function mutations(schema: JsonSchema, maxDepth = 4): Mutation[] {
  const base = sample(schema);
  const out: Mutation[] = [];
  const visit = (node: JsonSchema, path: string[], depth: number) => {
    if (depth > maxDepth || typeOf(node) !== "object") return;
    for (const [key, property] of Object.entries(node.properties ?? {})) {
      const at = [...path, key];
      if (node.required?.includes(key)) out.push({ path: `${at.join(".")} missing`, body: withValue(base, at, remove) });
      for (const value of wrongValues(property)) {
        out.push({ path: `${at.join(".")} = ${JSON.stringify(value)?.slice(0, 40)}`, body: withValue(base, at, value) });
      }
      visit(property, at, depth + 1);
    }
  };
  visit(schema, [], 0);
  for (const value of wrongValues(schema)) out.push({ path: `body = ${JSON.stringify(value)?.slice(0, 40)}`, body: value });
  return out;
}
