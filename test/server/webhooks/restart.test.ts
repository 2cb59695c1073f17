// A webhook delivery survives the relayer being killed mid-retry. The relayer runs as a child
// process on a durable database (a PGlite directory, or PostgreSQL in the `postgres` suite); a
// store's endpoint fails every attempt; once the delivery has failed twice the relayer is killed
// with SIGKILL (no shutdown code runs) and the receiver recovers. The restarted relayer delivers
// the event from its queue: same webhook-id, same body, valid signature, and the attempts made
// before the kill are still listed.
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { freePort } from "../../../scripts/lib/chain.ts";
import type { ConfigInput } from "../../../server/src/config.ts";
import { createPostgresStore } from "../../../server/src/db/index.ts";
import { merchantSteps, waitFor } from "../helpers/commerceFixture.ts";
import { startChain, type TestChain } from "../helpers/chain.ts";
import { startChildRelayer, type ChildRelayer } from "../helpers/childRelayer.ts";
import { childDatabaseEnv, testPostgresUrl, uniqueSchema, usePostgres } from "../helpers/database.ts";
import { deployOn, withRelayer } from "../helpers/fixture.ts";
import { testEnv } from "../helpers/relayer.ts";
import { termsFromJson } from "@paykey/sdk/commerce";
import { createEscrowActors } from "../ledger/escrowActors.ts";
import { startReceiver, type Receiver } from "./receiver.ts";

describe("webhooks: a relayer killed with SIGKILL mid-retry delivers after restart", function () {
  this.timeout(240_000);
  let chain: TestChain;
  let receiver: Receiver;
  let current: ChildRelayer | undefined;
  let env: ConfigInput;
  const schema = uniqueSchema();

  const start = async () => {
    current = await startChildRelayer(env);
  };

  before(async function () {
    chain = await startChain();
    receiver = await startReceiver();
  });
  after(async function () {
    await current?.stop("SIGKILL");
    if (usePostgres) await (await createPostgresStore({ url: testPostgresUrl, schema, dropSchemaOnClose: true }).catch(() => undefined))?.close();
    await receiver?.close();
    await chain?.close();
  });

  it("keeps the delivery, its event id and its failed attempts across the kill, and delivers it", async function () {
    const deployed = await deployOn(chain.url);
    env = testEnv(chain.url, {
      DEPLOYMENT_FILE: deployed.deploymentFile,
      PORT: String(await freePort()),
      RATE_LIMIT_PER_IP: "100000",
      INDEXER_POLL_MS: "50",
      WEBHOOK_POLL_MS: "50",
      WEBHOOK_RETRY_BASE_MS: "200",
      WEBHOOK_RETRY_MAX_MS: "400",
      ...childDatabaseEnv(mkdtempSync(join(tmpdir(), "paykey-webhooks-")), schema),
    });
    await start();
    const fx = withRelayer(chain, deployed, { url: current!.url, stop: async () => current?.stop() });
    const { call, openStore } = merchantSteps(fx);

    // A store registered on-chain from a passkey account, an endpoint that is down, and a payment.
    const { merchant, store } = await openStore("Night Market");
    receiver.answer("/hooks", [], 503);
    const added = await call("POST", `/api/stores/${store.id}/webhooks`, merchant.token, { url: `${receiver.url}/hooks`, eventTypes: ["payment.authorized"] });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    const request = await call("POST", `/api/stores/${store.id}/requests`, merchant.token, { amount: "2500000", orderRef: "N-1", lineItems: [{ name: "Dumplings", quantity: 1, unitPrice: "2500000" }] });
    const actors = createEscrowActors(chain.url, deployed);
    await actors.fund(10_000_000n);
    const checkout = await call("POST", `/api/requests/${request.body.request.id}/checkout`, undefined, { payer: actors.payerAddress() });
    const paid = await actors.pay(termsFromJson(checkout.body.terms));

    const deliveries = async () => (await call("GET", `/api/stores/${store.id}/webhooks/deliveries`, merchant.token)).body.deliveries as any[];
    const beforeKill = await waitFor("two failed attempts", async () => {
      const [delivery] = await deliveries();
      return delivery && delivery.attempts.length >= 2 ? delivery : undefined;
    });
    expect(beforeKill.status).to.equal("pending");
    await current!.stop("SIGKILL");
    current = undefined;
    const failedBefore = receiver.received.filter((entry) => entry.path === "/hooks");
    expect(failedBefore.length).to.be.at.least(2);

    // Down while the receiver recovers; then the same process image starts again on the same database.
    receiver.answer("/hooks", [], 200);
    await start();
    const delivered = await waitFor("delivered after the restart", async () => {
      const [delivery] = await deliveries();
      return delivery?.status === "succeeded" ? delivery : undefined;
    }, 60_000);

    const requests = receiver.received.filter((entry) => entry.path === "/hooks");
    const success = requests.filter((entry) => entry.status === 200);
    expect(success).to.have.length(1);
    expect(new Set(requests.map((entry) => entry.headers["webhook-id"]))).to.deep.equal(new Set([delivered.eventId]));
    expect(new Set(requests.map((entry) => entry.body)).size).to.equal(1);
    const body = new Webhook(added.body.secret).verify(success[0]!.body, success[0]!.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
    expect(body.type).to.equal("payment.authorized");
    expect(body.data).to.deep.include({ paymentId: paid.paymentId, storeId: store.id, amount: "2500000" });
    // The attempts before the kill are kept; the last one is the success.
    expect(delivered.id).to.equal(beforeKill.id);
    expect(delivered.attempts.slice(0, beforeKill.attempts.length)).to.deep.equal(beforeKill.attempts);
    expect(delivered.attempts.at(-1).statusCode).to.equal(200);
    expect(delivered.attempts.slice(0, -1).every((attempt: { statusCode: number | null }) => attempt.statusCode === 503)).to.equal(true);
  });
});
