// JSON already serialized, spliced verbatim into a JSON-RPC response: a bundle's transaction
// receipt (every log of the bundle, tens of kilobytes) is the same for each of its operations,
// so it is serialized once per bundle instead of once per eth_getUserOperationReceipt call.
import { randomBytes } from "node:crypto";

export class JsonText {
  /** Valid JSON (it comes from JSON.stringify). */
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

const marker = `paykey-json-${randomBytes(8).toString("hex")}-`;

/** JSON.stringify of a response that may hold JsonText values. */
export function stringifyResponse(body: unknown): string {
  const spliced: string[] = [];
  const json = JSON.stringify(body, function (this: Record<string, unknown>, key, value: unknown) {
    const original = this[key];
    if (!(original instanceof JsonText)) return value;
    spliced.push(original.text);
    return `${marker}${spliced.length - 1}`;
  });
  if (spliced.length === 0) return json;
  return json.replace(new RegExp(`"${marker}(\\d+)"`, "g"), (_match, index: string) => spliced[Number(index)]!);
}
