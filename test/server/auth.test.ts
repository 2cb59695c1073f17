// Passkey auth end to end over HTTP with a software authenticator (real P-256 signatures):
// sign-up returns the counterfactual account, login, a second device, sessions — and each
// refusal (replayed or expired challenge, wrong origin or RP ID, unknown credential, no user
// verification, bad signature) with its status and reason.
import { expect } from "chai";
import { getPaykeyAccountAddress } from "@paykey/sdk/wallet";
import { TestPasskey as SoftwarePasskey } from "./helpers/authenticator.ts";
import { createClockedFixture, origin, rpId } from "./helpers/fixture.ts";
import { api } from "./helpers/http.ts";
import type { TestRelayer } from "./helpers/relayer.ts";

describe("relayer: passkey auth", function () {
  let fx: Awaited<ReturnType<typeof createClockedFixture>>;
  let relayer: TestRelayer;
  /** The account address computed offline by the wallet module (CREATE2 of the factory's clone). */
  const predict = (passkey: { x: `0x${string}`; y: `0x${string}` }) =>
    getPaykeyAccountAddress({ factoryAddress: fx.deployment.accountFactory, publicKey: passkey });

  before(async function () {
    // A clock the test moves (and the chain's with it); it never reads the wall clock.
    fx = await createClockedFixture("12:00:00", { SESSION_TTL_SECONDS: "3600" });
    relayer = fx.relayer;
  });

  after(async function () {
    await fx?.close();
  });

  const post = (path: string, body: unknown = {}, token?: string) => api(relayer.url, "POST", path, { body, token });

  async function signUp(passkey: SoftwarePasskey, name = "Ada") {
    const { body } = await post("/auth/register/options", { name });
    const response = passkey.createCredential(body.options);
    return post("/auth/register/verify", { response });
  }

  async function logIn(passkey: SoftwarePasskey, overrides: Parameters<SoftwarePasskey["getAssertion"]>[1] = {}) {
    const { body } = await post("/auth/login/options");
    return post("/auth/login/verify", { response: await passkey.getAssertion(body.options, overrides) });
  }

  it("signs up with a passkey and returns the counterfactual account address and a session", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    const { body: start } = await post("/auth/register/options", { name: "Ada" });
    expect(start.options.rp).to.deep.equal({ name: "Paykey", id: rpId });
    expect(start.options.authenticatorSelection).to.include({ userVerification: "required", residentKey: "required" });
    expect(start.options.pubKeyCredParams).to.deep.equal([{ alg: -7, type: "public-key" }]);

    const result = await post("/auth/register/verify", { response: passkey.createCredential(start.options) });
    expect(result.status).to.equal(200);
    expect(result.body.account.address).to.equal(predict(passkey.publicKey));
    expect(result.body.credential).to.deep.equal({ id: passkey.id, publicKey: passkey.publicKey });
    expect(result.headers.get("set-cookie")).to.match(/paykey_session=[^;]+;.*HttpOnly/i);

    const session = await api(relayer.url, "GET", "/auth/session", { token: result.body.session.token });
    expect(session.status).to.equal(200);
    expect(session.body.account.address).to.equal(result.body.account.address);
    expect(session.body.credentials.map((credential: { id: string }) => credential.id)).to.deep.equal([passkey.id]);

    const cookie = result.headers.get("set-cookie")!.split(";")[0]!;
    expect((await api(relayer.url, "GET", "/auth/session", { cookie })).status).to.equal(200);
  });

  it("logs in with a registered passkey and stores the sign counter", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    const registered = await signUp(passkey);
    const login = await logIn(passkey, { counter: 5 });
    expect(login.status).to.equal(200);
    expect(login.body.account.address).to.equal(registered.body.account.address);
    expect(login.body.session.token).to.be.a("string").and.not.equal(registered.body.session.token);
    const [row] = await relayer.store.query<{ sign_count: string }>("SELECT sign_count FROM credentials WHERE id = $1", [passkey.id]);
    expect(Number(row!.sign_count)).to.equal(5);
  });

  it("adds a second device while signed in, excluding the first, and logs in with either", async function () {
    const first = new SoftwarePasskey({ origin, rpId });
    const registered = await signUp(first);
    const token = registered.body.session.token as string;

    const options = await post("/auth/devices/options", {}, token);
    expect(options.status).to.equal(200);
    expect(options.body.options.excludeCredentials.map((credential: { id: string }) => credential.id)).to.deep.equal([first.id]);

    const second = new SoftwarePasskey({ origin, rpId });
    const added = await post("/auth/devices/verify", { response: second.createCredential(options.body.options) }, token);
    expect(added.status).to.equal(200);
    expect(added.body.credential).to.deep.equal({ id: second.id, publicKey: second.publicKey });

    const session = await api(relayer.url, "GET", "/auth/session", { token });
    expect(session.body.credentials.map((credential: { id: string }) => credential.id).sort()).to.deep.equal([first.id, second.id].sort());
    const viaSecond = await logIn(second);
    expect(viaSecond.status).to.equal(200);
    expect(viaSecond.body.account.address).to.equal(registered.body.account.address);
  });

  it("refuses to register the same passkey twice", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    const registered = await signUp(passkey);
    const options = await post("/auth/devices/options", {}, registered.body.session.token);
    const again = await post("/auth/devices/verify", { response: passkey.createCredential(options.body.options) }, registered.body.session.token);
    expect(again.status).to.equal(409);
    expect(again.body.error.reason).to.equal("credential_exists");
  });

  it("refuses a replayed challenge", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    const { body } = await post("/auth/register/options");
    const response = passkey.createCredential(body.options);
    expect((await post("/auth/register/verify", { response })).status).to.equal(200);
    const replay = await post("/auth/register/verify", { response });
    expect(replay.status).to.equal(400);
    expect(replay.body.error.reason).to.equal("challenge_unknown");

    const login = await post("/auth/login/options");
    const assertion = await passkey.getAssertion(login.body.options);
    expect((await post("/auth/login/verify", { response: assertion })).status).to.equal(200);
    const loginReplay = await post("/auth/login/verify", { response: assertion });
    expect(loginReplay.status).to.equal(400);
    expect(loginReplay.body.error.reason).to.equal("challenge_unknown");
  });

  it("refuses an expired challenge (older than 5 minutes)", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    const { body } = await post("/auth/register/options");
    await fx.clock.advance(5 * 60 * 1000 + 1000);
    const result = await post("/auth/register/verify", { response: passkey.createCredential(body.options) });
    expect(result.status).to.equal(400);
    expect(result.body.error.reason).to.equal("challenge_expired");
  });

  it("refuses a challenge that was never issued", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    const { body } = await post("/auth/register/options");
    const result = await post("/auth/register/verify", {
      response: passkey.createCredential(body.options, { challenge: "bm90LWlzc3VlZC1ieS10aGUtcmVsYXllcg" }),
    });
    expect(result.status).to.equal(400);
    expect(result.body.error.reason).to.equal("challenge_unknown");
  });

  it("refuses a response from another origin", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    const { body } = await post("/auth/register/options");
    const result = await post("/auth/register/verify", {
      response: passkey.createCredential(body.options, { origin: "https://evil.example" }),
    });
    expect(result.status).to.equal(400);
    expect(result.body.error.reason).to.equal("origin_mismatch");
  });

  it("refuses a passkey scoped to another RP ID", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    const registered = await signUp(passkey);
    expect(registered.status).to.equal(200);
    const { body } = await post("/auth/login/options");
    const result = await post("/auth/login/verify", { response: await passkey.getAssertion(body.options, { rpId: "evil.example" }) });
    expect(result.status).to.equal(400);
    expect(result.body.error.reason).to.equal("rp_id_mismatch");
  });

  it("refuses an unknown credential", async function () {
    const stranger = new SoftwarePasskey({ origin, rpId });
    const result = await logIn(stranger);
    expect(result.status).to.equal(401);
    expect(result.body.error.reason).to.equal("credential_unknown");
  });

  it("refuses a ceremony without user verification", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    const { body } = await post("/auth/register/options");
    const register = await post("/auth/register/verify", { response: passkey.createCredential(body.options, { userVerified: false }) });
    expect(register.status).to.equal(400);
    expect(register.body.error.reason).to.equal("user_verification_required");

    const other = new SoftwarePasskey({ origin, rpId });
    expect((await signUp(other)).status).to.equal(200);
    const login = await logIn(other, { userVerified: false });
    expect(login.status).to.equal(400);
    expect(login.body.error.reason).to.equal("user_verification_required");
  });

  it("refuses an assertion signed by another key", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    expect((await signUp(passkey)).status).to.equal(200);
    const impostor = new SoftwarePasskey({ origin, rpId });
    const result = await logIn(passkey, { signWith: impostor });
    expect(result.status).to.equal(401);
    expect(result.body.error.reason).to.equal("signature_invalid");
  });

  it("logs a sign counter that does not increase but still logs in (synced passkeys report 0)", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    expect((await signUp(passkey)).status).to.equal(200);
    expect((await logIn(passkey, { counter: 7 })).status).to.equal(200);
    const before = relayer.logs.length;
    const stale = await logIn(passkey, { counter: 3 });
    expect(stale.status).to.equal(200);
    const warning = relayer.logs.slice(before).find((line) => line.event === "sign_counter_not_increasing");
    expect(warning).to.include({ stored: 7, received: 3 });
    const [row] = await relayer.store.query<{ sign_count: string }>("SELECT sign_count FROM credentials WHERE id = $1", [passkey.id]);
    expect(Number(row!.sign_count)).to.equal(7);
  });

  it("expires sessions and revokes them on logout", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    const { body } = await signUp(passkey);
    const token = body.session.token as string;
    await fx.clock.advance(3600 * 1000 + 1000);
    const expired = await api(relayer.url, "GET", "/auth/session", { token });
    expect(expired.status).to.equal(401);
    expect(expired.body.error.reason).to.equal("session_expired");

    const login = await logIn(passkey);
    const fresh = login.body.session.token as string;
    expect((await post("/auth/logout", {}, fresh)).status).to.equal(200);
    const after = await api(relayer.url, "GET", "/auth/session", { token: fresh });
    expect(after.status).to.equal(401);
    expect(after.body.error.reason).to.equal("unauthenticated");
  });

  it("requires a session to add a device", async function () {
    const result = await post("/auth/devices/options");
    expect(result.status).to.equal(401);
    expect(result.body.error.reason).to.equal("unauthenticated");
  });

  it("keeps personal data and tokens out of the logs", async function () {
    const passkey = new SoftwarePasskey({ origin, rpId });
    const { body } = await signUp(passkey, "Grace Hopper");
    await api(relayer.url, "GET", "/auth/session", { token: body.session.token });
    const text = JSON.stringify(relayer.logs);
    expect(text).to.not.include("Grace Hopper");
    expect(text).to.not.include(body.session.token);
  });
});
