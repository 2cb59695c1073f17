// The browser build serves two curve-library imports with small adapters (web/vite.config.ts): they must
// answer exactly what the libraries answer for what the app uses them for.
import { p256 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { expect } from "chai";
import { bytesToHex, hexToBytes } from "viem";
import { p256 as p256Adapter } from "../../web/src/compat/nobleP256.ts";
import { secp256k1 as secp256k1Adapter } from "../../web/src/compat/secp256k1Signature.ts";
import { DerSignatureError, derToRawSignature, parseDerSignature, p256Order } from "../../web/src/connector/p256Der.ts";

describe("web: curve-library adapters of the browser build", function () {
  it("reads DER P-256 signatures as @noble/curves does, for real signatures", function () {
    expect(p256Adapter.Point.CURVE().n).to.equal(p256.Point.CURVE().n);
    expect(p256Order).to.equal(p256.Point.CURVE().n);
    for (let index = 0; index < 64; index++) {
      const secretKey = p256.utils.randomSecretKey();
      const message = crypto.getRandomValues(new Uint8Array(32));
      const der = p256.sign(message, secretKey, { format: "der", prehash: false, lowS: false });
      const expected = p256.Signature.fromBytes(der, "der");
      expect(parseDerSignature(der)).to.deep.equal({ r: expected.r, s: expected.s });
      expect(p256Adapter.Signature.fromBytes(der, "der")).to.deep.equal({ r: expected.r, s: expected.s });
      expect(derToRawSignature(der)).to.equal(bytesToHex(expected.toBytes("compact")));
      const compact = expected.toBytes("compact");
      expect(p256Adapter.Signature.fromBytes(compact, "compact")).to.deep.equal({ r: expected.r, s: expected.s });
    }
  });

  it("refuses malformed DER", function () {
    const good = p256.sign(new Uint8Array(32).fill(7), p256.utils.randomSecretKey(), { format: "der", prehash: false });
    for (const bad of [good.slice(0, -1), new Uint8Array([0x31, ...good.slice(1)]), new Uint8Array([...good, 0]), hexToBytes("0x3006020100020100")]) {
      expect(() => parseDerSignature(bad)).to.throw(DerSignatureError);
    }
  });

  it("prints r || s as noble's secp256k1 Signature does", function () {
    for (let index = 0; index < 16; index++) {
      const signature = secp256k1.sign(crypto.getRandomValues(new Uint8Array(32)), secp256k1.utils.randomSecretKey(), { prehash: false });
      const parsed = secp256k1.Signature.fromBytes(signature);
      expect(new secp256k1Adapter.Signature(parsed.r, parsed.s).toCompactHex()).to.equal(parsed.toHex("compact"));
    }
  });
});
