// Outside the local chain, webhook endpoints must be https and resolve only to public
// addresses: the relayer resolves the name and checks every address when the endpoint is added,
// and again when it connects (so a name that later resolves to a private address is refused).
import { expect } from "chai";
import { guardedLookup, isPrivateAddress } from "../../../server/src/webhooks/addressGuard.ts";
import { deliver } from "../../../server/src/webhooks/deliver.ts";
import { createBackOfficeFixture, type BackOfficeFixture } from "../ledger/backOfficeFixture.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

describe("webhooks: private and loopback endpoints", function () {
  this.timeout(120_000);
  let fx: BackOfficeFixture;
  let receiver: Receiver;

  before(async function () {
    fx = await createBackOfficeFixture({ env: { WEBHOOK_ALLOW_PRIVATE_ENDPOINTS: "false" } });
    receiver = await startReceiver();
  });
  after(async () => {
    await fx?.close();
    await receiver?.close();
  });

  it("classifies loopback, private, link-local, mapped and reserved addresses as not public", function () {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::7f00:1", "not-an-ip"]) {
      expect(isPrivateAddress(address), address).to.equal(true);
    }
    for (const address of ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "172.32.0.1", "11.0.0.1"]) expect(isPrivateAddress(address), address).to.equal(false);
  });

  it("refuses endpoints that are http, loopback or private (the name is resolved), and accepts a public https one", async function () {
    const add = (url: string) => fx.call("POST", `/api/stores/${fx.storeId}/webhooks`, fx.merchant.token, { url, eventTypes: ["payment.captured"] });
    for (const url of [`${receiver.url}/hook`, "https://127.0.0.1/hook", "https://localhost:8443/hook", "https://[::1]/hook", "https://10.0.0.7/hook", "https://169.254.169.254/latest/meta-data", "https://[::ffff:192.168.1.1]/hook", "https://[fd12::1]/hook"]) {
      const response = await add(url);
      expect(response.status, url).to.equal(400);
      expect(response.body.error.reason, url).to.equal("endpoint_not_public");
    }
    const unresolvable = await add("https://no-such-host.invalid/hook");
    expect(unresolvable.status).to.equal(400);
    expect(unresolvable.body.error.reason).to.equal("endpoint_unresolvable");
    expect((await add("https://93.184.216.34/hook")).status).to.equal(201);
  });

  it("refuses to connect when a name resolves to a private address at delivery time", async function () {
    const refused = await new Promise<NodeJS.ErrnoException | null>((resolve) => guardedLookup(false)("localhost", {}, (error) => resolve(error)));
    expect(refused?.code).to.equal("EADDRNOTPUBLIC");
    const allowed = await new Promise<string>((resolve) => guardedLookup(true)("localhost", {}, (_error, address) => resolve(String(address))));
    expect(["127.0.0.1", "::1"]).to.include(allowed);

    const port = new URL(receiver.url).port;
    const before = receiver.received.length;
    for (const url of [`http://localhost:${port}/hook`, `http://127.0.0.1:${port}/hook`]) {
      const result = await deliver({ url, eventId: "msg_test", body: "{}", secrets: ["whsec_" + Buffer.alloc(32, 1).toString("base64")], now: new Date(), timeoutMs: 2_000, allowPrivate: false });
      expect(result.statusCode, url).to.equal(null);
      expect(result.error, url).to.match(/not a public address|non-public address/);
    }
    expect(receiver.received.length).to.equal(before);
    const allowedDelivery = await deliver({ url: `http://localhost:${port}/hook`, eventId: "msg_test", body: "{}", secrets: ["whsec_" + Buffer.alloc(32, 1).toString("base64")], now: new Date(), timeoutMs: 2_000, allowPrivate: true });
    expect(allowedDelivery.statusCode).to.equal(200);
  });
});
