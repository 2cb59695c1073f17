// The HTTP skeleton: health, Prometheus metrics, OpenAPI, reasons on 404 / oversize / bad
// JSON, per-IP rate limit, routes and migrations from a feature module, the static web app.
import { expect } from "chai";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import type { RelayerModule } from "../../server/src/module.ts";
import { startChain, type TestChain } from "./helpers/chain.ts";
import { deployOn } from "./helpers/fixture.ts";
import { api } from "./helpers/http.ts";
import { startTestRelayer, type TestRelayer } from "./helpers/relayer.ts";
import { localChainId } from "@paykey/sdk/chain";

describe("relayer: HTTP server", function () {
  let chain: TestChain;
  let deploymentFile: string;
  let relayer: TestRelayer;
  let webDir: string;

  const probeModule: RelayerModule = {
    name: "probe",
    migrationsDir: (() => {
      const dir = join(mkdtempSync(join(tmpdir(), "paykey-probe-")), "probe", "migrations");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "0100_probes.sql"), "CREATE TABLE probes (id SERIAL PRIMARY KEY, note TEXT NOT NULL);");
      return dir;
    })(),
    routes(app, context) {
      app.post(
        "/probes",
        { preHandler: context.authenticate, schema: { tags: ["probe"], body: z.object({ note: z.string().max(10) }) } },
        async () => ({ ok: true }),
      );
      app.get("/probes/count", { schema: { tags: ["probe"], response: { 200: z.object({ count: z.number() }) } } }, async () => {
        const [row] = await context.store.query<{ count: string }>("SELECT count(*) AS count FROM probes");
        return { count: Number(row!.count) };
      });
    },
  };

  before(async function () {
    chain = await startChain();
    deploymentFile = (await deployOn(chain.url)).deploymentFile;
    webDir = mkdtempSync(join(tmpdir(), "paykey-web-"));
    mkdirSync(join(webDir, "assets"));
    writeFileSync(join(webDir, "index.html"), "<!doctype html><title>Paykey</title>");
    writeFileSync(join(webDir, "assets", "app-1234.js"), "console.log('paykey')");
    relayer = await startTestRelayer(
      chain.url,
      { DEPLOYMENT_FILE: deploymentFile, STATIC_DIR: webDir, BODY_LIMIT_BYTES: "4096", RATE_LIMIT_PER_IP: "400" },
      { modules: [probeModule] },
    );
  });

  after(async function () {
    await relayer?.stop();
    await chain?.close();
  });

  it("answers /health with the chain and database state", async function () {
    const { status, body } = await api(relayer.url, "GET", "/health");
    expect(status).to.equal(200);
    expect(body).to.include({ status: "ok", chainId: localChainId });
    expect(BigInt(body.blockNumber) > 0n).to.equal(true);
    expect(body.database).to.be.oneOf(["pglite", "postgres"]);
  });

  it("exposes Prometheus metrics", async function () {
    await api(relayer.url, "GET", "/health");
    const response = await fetch(`${relayer.url}/metrics`);
    expect(response.headers.get("content-type")).to.include("text/plain");
    const text = await response.text();
    expect(text).to.match(/paykey_http_requests_total\{route="\/health",status="200"\} \d+/);
    expect(text).to.include("paykey_relayer_process_cpu_seconds_total");
  });

  it("describes the REST routes in /openapi.json, module routes included", async function () {
    const { status, body } = await api(relayer.url, "GET", "/openapi.json");
    expect(status).to.equal(200);
    expect(body.openapi).to.equal("3.1.0");
    expect(Object.keys(body.paths)).to.include.members(["/auth/register/options", "/auth/login/verify", "/health", "/probes"]);
    expect(body.paths["/auth/register/options"].post.requestBody.content["application/json"].schema.properties.name.maxLength).to.equal(64);
  });

  it("runs a module's migrations and routes, with its auth", async function () {
    expect((await api(relayer.url, "GET", "/probes/count")).body).to.deep.equal({ count: 0 });
    const unauthenticated = await api(relayer.url, "POST", "/probes", { body: { note: "hi" } });
    expect(unauthenticated.status).to.equal(401);
    expect(unauthenticated.body.error.reason).to.equal("unauthenticated");
  });

  it("answers unknown routes, bad JSON, wrong types and oversize bodies with a 4xx and a reason", async function () {
    const missing = await api(relayer.url, "GET", "/nope", { headers: { accept: "application/json" } });
    expect(missing.status).to.equal(404);
    expect(missing.body.error.reason).to.equal("not_found");

    const malformed = await api(relayer.url, "POST", "/auth/register/options", { body: "{not json" });
    expect(malformed.status).to.equal(400);
    expect(malformed.body.error.reason).to.equal("malformed_json");

    const wrongType = await api(relayer.url, "POST", "/auth/register/options", { body: { name: 42 } });
    expect(wrongType.status).to.equal(400);
    expect(wrongType.body.error.reason).to.equal("invalid_input");
    expect(wrongType.body.error.issues[0].path).to.equal("/name");

    const oversize = await api(relayer.url, "POST", "/auth/register/options", { body: { name: "x".repeat(10_000) } });
    expect(oversize.status).to.equal(413);
    expect(oversize.body.error.reason).to.equal("body_too_large");

    const media = await api(relayer.url, "POST", "/auth/register/options", { body: "<name/>", headers: { "content-type": "application/xml" } });
    expect(media.status).to.equal(415);
    expect(media.body.error.reason).to.equal("unsupported_media_type");
  });

  it("serves the web app from the same origin, with client-side routes", async function () {
    const index = await fetch(`${relayer.url}/`, { headers: { accept: "text/html" } });
    expect(index.status).to.equal(200);
    expect(await index.text()).to.include("<title>Paykey</title>");
    const route = await fetch(`${relayer.url}/pay/abc`, { headers: { accept: "text/html" } });
    expect(route.status).to.equal(200);
    expect(route.headers.get("cache-control")).to.equal("no-cache");
    const asset = await fetch(`${relayer.url}/assets/app-1234.js`);
    expect(asset.headers.get("content-type")).to.include("text/javascript");
    expect(asset.headers.get("cache-control")).to.include("immutable");
    const escape = await fetch(`${relayer.url}/assets/..%2f..%2f..%2fetc%2fpasswd`);
    expect(escape.status).to.equal(404);
  });

  it("limits requests per IP with 429 and a reason", async function () {
    const limited = await startTestRelayer(chain.url, { DEPLOYMENT_FILE: deploymentFile, RATE_LIMIT_PER_IP: "3" }, { store: relayer.store });
    try {
      const statuses: number[] = [];
      let last: { status: number; body: any } | undefined;
      for (let i = 0; i < 5; i++) {
        last = await api(limited.url, "POST", "/auth/login/options", { body: {} });
        statuses.push(last.status);
      }
      expect(statuses).to.deep.equal([200, 200, 200, 429, 429]);
      expect(last!.body.error).to.include({ reason: "rate_limited", scope: "ip" });
      expect((await api(limited.url, "GET", "/health")).status).to.equal(200);
    } finally {
      await limited.close();
    }
  });
});
