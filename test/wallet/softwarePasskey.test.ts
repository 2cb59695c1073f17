// The software authenticator builds assertions exactly as a browser does: @simplewebauthn/server (the
// relayer's WebAuthn verifier) accepts them, and their signatures come out high-s about half the time,
// which the wallet module normalises.
import { p256 } from "@noble/curves/nist.js";
import { verifyAuthenticationResponse } from "@simplewebauthn/server";
import { expect } from "chai";
import { bytesToHex, concatBytes, hexToBytes, keccak256, sha256, toHex } from "viem";
import { decodePasskeySignature, encodePasskeySignature } from "@paykey/sdk/wallet";
import { createSoftwarePasskey } from "../helpers/wallet.ts";

const curveOrder = p256.Point.CURVE().n;

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

describe("software passkey authenticator", () => {
  it("produces assertions @simplewebauthn/server verifies (origin, rpId, UV, signature)", async () => {
    const passkey = createSoftwarePasskey({ origin: "https://wallet.paykey.example", rpId: "paykey.example" });
    const hash = keccak256(toHex("a user operation"));
    await passkey.account.sign({ hash });
    const assertion = passkey.assertions.at(-1);
    if (!assertion) throw new Error("no assertion");

    const verify = (expectedOrigin: string) =>
      verifyAuthenticationResponse({
        response: {
          id: passkey.id,
          rawId: passkey.id,
          type: "public-key",
          clientExtensionResults: {},
          response: {
            authenticatorData: base64url(assertion.authenticatorData),
            clientDataJSON: base64url(new TextEncoder().encode(assertion.clientDataJSON)),
            signature: base64url(assertion.signature),
          },
        },
        expectedChallenge: base64url(hexToBytes(hash)),
        expectedOrigin,
        expectedRPID: "paykey.example",
        credential: { id: passkey.id, publicKey: passkey.cosePublicKey, counter: 0 },
        requireUserVerification: true,
      });
    expect((await verify("https://wallet.paykey.example")).verified).to.equal(true);
    const refused = await verify("https://evil.example").catch((error: Error) => error);
    expect(refused).to.be.instanceOf(Error);
    expect((refused as Error).message).to.match(/origin/i);
  });

  it("writes clientDataJSON in the browser's key order with a base64url challenge without padding", async () => {
    const passkey = createSoftwarePasskey();
    const hash = keccak256(toHex("challenge"));
    const { webauthn } = await passkey.account.sign({ hash });
    const challenge = base64url(Buffer.from(hash.slice(2), "hex"));
    expect(challenge).to.have.length(43);
    expect(webauthn.clientDataJSON).to.equal(
      `{"type":"webauthn.get","challenge":"${challenge}","origin":"http://localhost:5173","crossOrigin":false}`,
    );
    expect(webauthn.typeIndex).to.equal(1);
    expect(webauthn.challengeIndex).to.equal(23);
    const authenticatorData = Buffer.from(webauthn.authenticatorData.slice(2), "hex");
    expect(bytesToHex(authenticatorData.subarray(0, 32))).to.equal(sha256(toHex("localhost")));
    expect(authenticatorData[32]).to.equal(0x1d);
    expect(authenticatorData.length).to.equal(37);
  });

  it("returns high-s signatures about half the time; the module always encodes low s over the same assertion", async () => {
    const passkey = createSoftwarePasskey();
    const uncompressedKey = concatBytes([new Uint8Array([4]), hexToBytes(passkey.publicKey)]);
    for (let index = 0; index < 40; index += 1) {
      const hash = keccak256(toHex(`payment ${index}`));
      const { signature, webauthn } = await passkey.account.sign({ hash });
      const raw = passkey.assertions.at(-1);
      if (!raw) throw new Error("no assertion");
      // Encode straight from the authenticator's DER signature (what a raw browser response carries).
      const encoded = encodePasskeySignature({ publicKey: passkey.publicKey, signature: bytesToHex(raw.signature), webauthn });
      const decoded = decodePasskeySignature(encoded);
      expect(decoded.s <= curveOrder / 2n).to.equal(true);
      expect(encodePasskeySignature({ publicKey: passkey.publicKey, signature, webauthn })).to.equal(encoded);
      const signedBytes = concatBytes([raw.authenticatorData, sha256(new TextEncoder().encode(raw.clientDataJSON), "bytes")]);
      const lowS = new p256.Signature(decoded.r, decoded.s).toBytes("compact");
      expect(p256.verify(lowS, signedBytes, uncompressedKey, { lowS: true })).to.equal(true);
    }
    const highCount = passkey.assertions.filter((assertion) => assertion.highS).length;
    // Binomial(40, 1/2) falls outside [5, 35] with probability below 1e-7.
    expect(highCount).to.be.within(5, 35);
  });
});
