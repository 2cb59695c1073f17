// ECDSA signatures from WebAuthn authenticators are DER: SEQUENCE { INTEGER r, INTEGER s }. Reading the two
// integers is all the browser needs (the curve arithmetic happens on-chain), so no curve library ships here.
// Not @noble/curves' DER reader (`@noble/curves/abstract/der.js`): it brings noble's utils and a second copy
// of @noble/hashes' (viem's ox uses 1.x), 1,781 B gzip on the checkout route (measured: 193,320 → 195,101 B)
// for these 40 lines; test/web/compat.test.ts checks this parser against noble's on real signatures.
import { BaseError, bytesToHex, type Hex, concatHex, numberToHex } from "viem";

/** The order n of the P-256 group (NIST FIPS 186-4, D.1.2.3). */
export const p256Order = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

export type DerSignatureErrorType = DerSignatureError;

export class DerSignatureError extends BaseError {
  override name = "DerSignatureError";
  constructor(reason: string) {
    super("The passkey returned a malformed signature.", { details: reason });
  }
}

function readLength(bytes: Uint8Array, offset: number): [length: number, next: number] {
  const first = bytes[offset];
  if (first === undefined) throw new DerSignatureError("truncated length");
  if (first < 0x80) return [first, offset + 1];
  const count = first & 0x7f;
  if (count === 0 || count > 2) throw new DerSignatureError("unsupported length form");
  let length = 0;
  for (let index = 1; index <= count; index++) length = (length << 8) | (bytes[offset + index] ?? 0);
  return [length, offset + 1 + count];
}

function readInteger(bytes: Uint8Array, offset: number): [value: bigint, next: number] {
  if (bytes[offset] !== 0x02) throw new DerSignatureError("expected an INTEGER");
  const [length, start] = readLength(bytes, offset + 1);
  if (length === 0 || start + length > bytes.length) throw new DerSignatureError("bad INTEGER length");
  return [BigInt(bytesToHex(bytes.subarray(start, start + length))), start + length];
}

/** `{ r, s }` of a DER-encoded ECDSA signature. */
export function parseDerSignature(bytes: Uint8Array): { r: bigint; s: bigint } {
  if (bytes[0] !== 0x30) throw new DerSignatureError("expected a SEQUENCE");
  const [length, start] = readLength(bytes, 1);
  if (start + length !== bytes.length) throw new DerSignatureError("SEQUENCE length does not match");
  const [r, afterR] = readInteger(bytes, start);
  const [s, end] = readInteger(bytes, afterR);
  if (end !== bytes.length) throw new DerSignatureError("trailing bytes");
  if (r <= 0n || r >= p256Order || s <= 0n || s >= p256Order) throw new DerSignatureError("r or s out of range");
  return { r, s };
}

/** `r || s` as 64-byte hex. */
export function derToRawSignature(bytes: Uint8Array): Hex {
  const { r, s } = parseDerSignature(bytes);
  return concatHex([numberToHex(r, { size: 32 }), numberToHex(s, { size: 32 })]);
}
