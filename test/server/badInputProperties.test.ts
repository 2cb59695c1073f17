// The bad-input battery, generated (fast-check): well over 10,000 requests per run, in process
// (app.inject), against POST /rpc (arbitrary bodies, JSON-RPC envelopes and batches, user
// operations with any field changed, on every method that takes one) and every REST route
// /openapi.json lists (bodies shaped by the route's schema with arbitrary contents, arbitrary
// path parameters, with and without a session). Properties: no 5xx, and every refusal is a
// proper one — a 4xx with `{ error: { reason, message } }`, or a JSON-RPC error with a
// standard refusal code and `data.reason`. Afterwards no table holds a half-written row, the
// relayer logged no fault, and it is healthy. A failure prints the seed and the smallest case.
import { expect } from "chai";
import fc from "fast-check";
import { numberToHex, parseUnits } from "viem";
import { rawBody, bodyFor, userOperationish } from "./helpers/arbitraries.ts";
import { httpRefusal, rpcRefusal, type Answer } from "./helpers/badInput.ts";
import { createFixture, rpcForm, type Fixture } from "./helpers/fixture.ts";
import { findHalfWrittenRows } from "./helpers/integrity.ts";
import type { JsonSchema } from "./helpers/schemaMutations.ts";

const json = (value: unknown) => JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? numberToHex(item) : item));

/** Runs per property; together at least 10,000. */
const runs = { rpcBodies: 3_500, rpcEnvelopes: 2_500, userOperations: 1_000, rest: 3_500 };

type JsonRpcAnswer = { jsonrpc?: unknown; id?: unknown; result?: unknown; error?: unknown };

/** A JSON-RPC answer is a result or a proper refusal; HTTP 200, 204 (notifications only) or 400. */
function judgeRpc(answer: Answer): string | undefined {
  if (![200, 204, 400].includes(answer.status)) return `HTTP ${answer.status}`;
  if (answer.status === 204) return answer.text === "" ? undefined : "204 with a body";
  const answers: JsonRpcAnswer[] = Array.isArray(answer.body) ? answer.body : [answer.body];
  for (const item of answers) {
    if (!item || typeof item !== "object" || item.jsonrpc !== "2.0") return `not a JSON-RPC answer: ${answer.text.slice(0, 200)}`;
    if ("error" in item) {
      const problem = rpcRefusal(item.error);
      if (problem) return `${problem}: ${JSON.stringify(item.error).slice(0, 300)}`;
    } else if (!("result" in item)) return "neither result nor error";
  }
  return undefined;
}

describe("relayer: bad-input battery, generated (fast-check)", function () {
  this.timeout(600_000);
  let fx: Fixture;
  let signedOp: Record<string, unknown>;
  let token: string;
  let storeId: string;
  let cases = 0;

  before(async function () {
    fx = await createFixture({ RATE_LIMIT_PER_IP: "100000000", RATE_LIMIT_PER_ACCOUNT: "100000000", LOG_LEVEL: "warn" });
    const { account, address, token: session } = await fx.signUp(parseUnits("10", 6));
    token = session;
    const request = await fx.bundlerClient.prepareUserOperation({ account, calls: await fx.paymentCalls(address, 1n) });
    signedOp = rpcForm({ ...request, signature: await account.signUserOperation(request) });
    const store = await fx.relayer.app.inject({ method: "POST", url: "/api/stores", headers: { authorization: `Bearer ${token}` }, payload: { name: "Fuzz shop", currency: "USD" } });
    storeId = store.json().store?.id ?? "AAAAAAAAAAAAAAAA";
  });

  after(async function () {
    console.log(`      generated cases: ${cases}`);
    await fx?.close();
  });

  async function inject(options: { method: string; url: string; headers?: Record<string, string>; payload?: string }): Promise<Answer> {
    cases += 1;
    const response = await fx.relayer.app.inject({ method: options.method as "POST", url: options.url, headers: options.headers, payload: options.payload });
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      body = undefined;
    }
    return { status: response.statusCode, body, text: response.body };
  }

  const postRpc = (payload: string) => inject({ method: "POST", url: "/rpc", headers: { "content-type": "application/json" }, payload });

  /** Asserts `property` for `numRuns` generated values; a failure names the answer. */
  async function holds<T>(arbitrary: fc.Arbitrary<T>, numRuns: number, check: (value: T) => Promise<string | undefined>) {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const problem = await check(value);
        if (problem) throw new Error(problem);
      }),
      { numRuns },
    );
  }

  it(`answers ${runs.rpcBodies} arbitrary bodies on /rpc with a JSON-RPC error (or result), never a fault`, async function () {
    await holds(rawBody, runs.rpcBodies, async (body) => judgeRpc(await postRpc(body)));
  });

  it(`answers ${runs.rpcEnvelopes} generated JSON-RPC requests and batches (any method, id and params) properly`, async function () {
    const methods = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom("eth_chainId", "eth_supportedEntryPoints", "eth_getUserOperationByHash", "eth_getUserOperationReceipt", "paykey_getUserOperationStatus", "eth_estimateUserOperationGas", "pm_getPaymasterStubData", "pm_getPaymasterData", "eth_sendUserOperation") },
      { weight: 1, arbitrary: fc.string({ maxLength: 140 }) },
    );
    const envelope = fc.record(
      {
        jsonrpc: fc.oneof({ weight: 5, arbitrary: fc.constant("2.0") }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }),
        id: fc.oneof(fc.integer(), fc.string({ maxLength: 300 }), fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
        method: methods,
        params: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })),
      },
      { requiredKeys: ["method"] },
    );
    const message = fc.oneof({ weight: 4, arbitrary: envelope }, { weight: 1, arbitrary: fc.array(envelope, { maxLength: 55 }) });
    await holds(message, runs.rpcEnvelopes, async (value) => judgeRpc(await postRpc(json(value))));
  });

  it(`refuses ${runs.userOperations} generated user operations on every method that takes one, with an ERC-4337 or JSON-RPC code`, async function () {
    const methods = {
      eth_sendUserOperation: () => [fx.entryPoint],
      eth_estimateUserOperationGas: () => [fx.entryPoint],
      pm_getPaymasterStubData: () => [fx.entryPoint, "0x7a69", {}],
      pm_getPaymasterData: () => [fx.entryPoint, "0x7a69", {}],
    };
    const call = fc.tuple(fc.constantFrom(...(Object.keys(methods) as (keyof typeof methods)[])), userOperationish(signedOp));
    await holds(call, runs.userOperations, async ([method, op]) => {
      const answer = await postRpc(json({ jsonrpc: "2.0", id: 1, method, params: [op, ...methods[method]()] }));
      // What stays valid may be answered with a result (an estimate, stub data, a signature).
      return judgeRpc(answer);
    });
  });

  it(`refuses ${runs.rest} generated requests to the REST routes of /openapi.json (bodies from each route's schema, path parameters, sessions)`, async function () {
    const spec = JSON.parse((await fx.relayer.app.inject({ method: "GET", url: "/openapi.json" })).body) as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>>;
    };
    const routes = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([verb, operation]) => ({ path, method: verb.toUpperCase(), schema: operation.requestBody?.content?.["application/json"]?.schema })),
    );
    expect(routes.length).to.be.greaterThan(15);
    const pathValue = fc.oneof(fc.constant(storeId), fc.string({ maxLength: 30 }), fc.string({ unit: "binary", maxLength: 10 }), fc.constant(`0x${"ab".repeat(32)}`));
    const route = fc.constantFrom(...routes).chain((chosen) =>
      fc.record({
        route: fc.constant(chosen),
        body: bodyFor(chosen.schema),
        raw: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: rawBody }),
        params: fc.array(pathValue, { minLength: 3, maxLength: 3 }),
        // A real session, none, or a token that is not one (never the real one on logout).
        session: fc.constantFrom(...(chosen.path === "/auth/logout" ? ["none", "forged"] : ["valid", "none", "forged"])),
      }),
    );
    await holds(route, runs.rest, async ({ route: { path, method, schema }, body, raw, params, session }) => {
      let index = 0;
      const url = path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[index++]!));
      const headers: Record<string, string> = {};
      if (session !== "none") headers.authorization = `Bearer ${session === "valid" ? token : "AAAA.not-a-session"}`;
      const withBody = method !== "GET";
      if (withBody) headers["content-type"] = "application/json";
      const answer = await inject({ method, url, headers, payload: withBody ? (raw ?? json(schema ? body : body ?? {})) : undefined });
      if (path === "/chain") return judgeRpc(answer.status === 415 ? { ...answer, status: 400 } : answer);
      if (answer.status >= 500) return `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`;
      if (answer.status >= 400) return httpRefusal(answer);
      return undefined;
    });
  });

  it("refuses text a database cannot store: a NUL or a lone surrogate in any string or key (found by this battery: it was a 500)", async function () {
    const session = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    for (const [url, payload] of [
      ["/auth/register/options", '{"name":"a\\u0000b"}'],
      ["/auth/register/options", '{"name":"\\ud800"}'],
      ["/api/stores", '{"name":"Tea\\u0000","currency":"USD"}'],
      ["/api/stores", '{"name":"Tea","currency":"USD","\\u0000":1}'],
    ] as const) {
      const answer = await inject({ method: "POST", url, headers: session, payload });
      expect(httpRefusal(answer, 400), `${url} ${payload}`).to.equal(undefined);
      expect(answer.body.error.reason).to.equal("invalid_input");
    }
    const query = await inject({ method: "GET", url: "/api/me/payments?limit=%00", headers: { authorization: `Bearer ${token}` } });
    expect(httpRefusal(query, 400)).to.equal(undefined);
  });

  it("leaves no half-written row in any table, logged no fault, and is healthy", async function () {
    expect(cases, "generated cases in this run").to.be.at.least(10_000);
    const { problems, checked } = await findHalfWrittenRows(fx.relayer.store);
    expect(checked, "checks run").to.be.greaterThan(50);
    expect(problems).to.deep.equal([]);
    const faults = fx.relayer.logs.filter((line) => (line.level as number) >= 50);
    expect(faults.map((line) => line.msg), JSON.stringify(faults).slice(0, 3000)).to.deep.equal([]);
    const health = await fx.relayer.app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).to.equal(200);

    // The check itself sees half-written rows: a user without a passkey, an operation marked
    // submitted outside any bundle, a challenge that expired before it was issued.
    const db = fx.relayer.store;
    await db.query("INSERT INTO users (id, account_address, display_name) VALUES ('half', '0x00000000000000000000000000000000000000aa', 'Half')");
    await db.query(
      `INSERT INTO user_operations (hash, entry_point, sender, nonce, user_operation, status)
       VALUES ('0xhalf', '0x0', '0x0', 0, '{}'::jsonb, 'submitted')`,
    );
    await db.query("INSERT INTO auth_challenges (challenge, purpose, expires_at, created_at) VALUES ('half', 'login', now() - interval '1 hour', now())");
    try {
      const found = (await findHalfWrittenRows(db)).problems;
      expect(found).to.include.members(["user without a passkey: 1 row(s)", "submitted operation without a live bundle: 1 row(s)", "challenge expiring before it was issued: 1 row(s)"]);
    } finally {
      await db.query("DELETE FROM users WHERE id = 'half'");
      await db.query("DELETE FROM user_operations WHERE hash = '0xhalf'");
      await db.query("DELETE FROM auth_challenges WHERE challenge = 'half'");
    }
  });
});
