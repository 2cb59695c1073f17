// The passkey option routes (POST /auth/{register,login,devices}/options) store a challenge for
// anyone who asks, without a session. They have a stricter rate limit per address of their
// own, and the challenges table stays bounded under a flood from many addresses: expired
// challenges are deleted when one is issued, and beyond AUTH_MAX_PENDING_CHALLENGES the oldest
// are dropped. In process (app.inject, one remote address per request), on a clock the test moves.
import { expect } from "chai";
import { TestPasskey } from "./helpers/authenticator.ts";
import { startChain, type TestChain } from "./helpers/chain.ts";
import { startClockAt, type TestClock } from "./helpers/clock.ts";
import { deployOn, origin, rpId } from "./helpers/fixture.ts";
import { startTestRelayer, type TestRelayer } from "./helpers/relayer.ts";

describe("relayer: passkey option routes", function () {
  this.timeout(600_000);
  let chain: TestChain;
  let deploymentFile: string;
  let clock: TestClock;

  before(async function () {
    chain = await startChain();
    deploymentFile = (await deployOn(chain.url)).deploymentFile;
    clock = await startClockAt(chain, "12:00:00");
  });

  after(async function () {
    await chain?.close();
  });

  async function relayerWith(env: Record<string, string>): Promise<TestRelayer> {
    return startTestRelayer(chain.url, { DEPLOYMENT_FILE: deploymentFile, LOG_LEVEL: "warn", ...env }, { listen: false, runExecutor: false, now: clock.now });
  }

  const post = (relayer: TestRelayer, url: string, remoteAddress: string, payload: unknown = {}) =>
    relayer.app.inject({ method: "POST", url, remoteAddress, payload: payload as Record<string, unknown> });

  const pending = async (relayer: TestRelayer) =>
    Number((await relayer.store.query<{ count: string }>("SELECT count(*) AS count FROM auth_challenges"))[0]!.count);

  it("limits option requests per address on their own (RATE_LIMIT_AUTH_OPTIONS_PER_IP), one budget for the three routes", async function () {
    const relayer = await relayerWith({ RATE_LIMIT_AUTH_OPTIONS_PER_IP: "4" });
    try {
      const routes = ["/auth/register/options", "/auth/login/options", "/auth/register/options", "/auth/login/options"];
      for (const route of routes) expect((await post(relayer, route, "203.0.113.7")).statusCode, route).to.equal(200);
      const refused = await post(relayer, "/auth/register/options", "203.0.113.7");
      expect(refused.statusCode).to.equal(429);
      expect(refused.json().error).to.deep.include({ reason: "rate_limited", scope: "auth_options" });
      const devices = await post(relayer, "/auth/devices/options", "203.0.113.7");
      expect(devices.statusCode, "the device route counts too, before asking for a session").to.equal(429);

      expect((await post(relayer, "/auth/login/options", "203.0.113.8")).statusCode, "another address").to.equal(200);
      const config = await relayer.app.inject({ method: "GET", url: "/api/config", remoteAddress: "203.0.113.7" });
      expect(config.statusCode, "other routes from the limited address").to.equal(200);
      expect(await pending(relayer)).to.equal(5);
    } finally {
      await relayer.stop();
    }
  });

  it("keeps the challenges table bounded under 10,000 option requests from 10,000 addresses, and deletes expired ones", async function () {
    const maxPending = 500;
    const relayer = await relayerWith({ AUTH_MAX_PENDING_CHALLENGES: String(maxPending) });
    try {
      const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const firstPasskey = new TestPasskey({ origin, rpId });
      const first = await post(relayer, "/auth/register/options", address(0), { name: "First" });
      let refused = 0;
      let largest = 0;
      let lastRegistration: Parameters<TestPasskey["createCredential"]>[0] | undefined;
      for (let i = 1; i < 10_000; i++) {
        const route = i % 2 === 0 ? "/auth/register/options" : "/auth/login/options";
        const response = await post(relayer, route, address(i));
        if (response.statusCode !== 200) refused += 1;
        if (route === "/auth/register/options") lastRegistration = response.json().options;
        if (i % 500 === 0) largest = Math.max(largest, await pending(relayer));
      }
      expect(refused, "answered with options").to.equal(0);
      expect(largest, "the table never held more than the cap").to.equal(maxPending);
      expect(await pending(relayer)).to.equal(maxPending);

      // The newest challenge still signs up; the first, dropped, is refused as unknown.
      const latest = new TestPasskey({ origin, rpId });
      const signedUp = await post(relayer, "/auth/register/verify", address(10_000), { response: latest.createCredential(lastRegistration!) });
      expect(signedUp.statusCode, signedUp.body).to.equal(200);
      const dropped = await post(relayer, "/auth/register/verify", address(10_001), { response: firstPasskey.createCredential(first.json().options) });
      expect(dropped.statusCode).to.equal(400);
      expect(dropped.json().error.reason).to.equal("challenge_unknown");

      // Past their 5 minutes every unused challenge is deleted when the next one is issued.
      await clock.advance(5 * 60_000 + 1_000);
      expect((await post(relayer, "/auth/login/options", address(10_002))).statusCode).to.equal(200);
      expect(await pending(relayer)).to.equal(1);
    } finally {
      await relayer.stop();
    }
  });
});
