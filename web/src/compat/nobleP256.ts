// Browser build only (see vite.config.ts): serves the wallet module's `@noble/curves/nist.js` import with
// exactly what sdk/src/wallet/encodeSignature.ts uses — the P-256 order and DER parsing — so the app does not
// ship a curve library (signatures are verified on-chain, never in the browser).
import { bytesToHex } from "viem";
import { p256Order, parseDerSignature } from "../connector/p256Der.ts";

export const p256 = {
  Point: { CURVE: () => ({ n: p256Order }) },
  Signature: {
    fromBytes(bytes: Uint8Array, format: "der" | "compact" = "compact") {
      if (format === "der") return parseDerSignature(bytes);
      if (bytes.length !== 64) throw new Error(`expected a 64-byte compact signature, got ${bytes.length}`);
      return { r: BigInt(bytesToHex(bytes.subarray(0, 32))), s: BigInt(bytesToHex(bytes.subarray(32))) };
    },
  },
};
