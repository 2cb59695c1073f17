// Browser build only (see vite.config.ts): viem's `serializeSignature` builds a secp256k1 Signature object just
// to print `r || s` as hex. That is all it needs, so the app does not ship the curve for it.
function toWord(value: bigint): string {
  return value.toString(16).padStart(64, "0");
}

class Signature {
  readonly r: bigint;
  readonly s: bigint;
  constructor(r: bigint, s: bigint) {
    this.r = r;
    this.s = s;
  }
  toCompactHex(): string {
    return `${toWord(this.r)}${toWord(this.s)}`;
  }
}

export const secp256k1 = { Signature };
