// The bad-input battery: hundreds of generated malformed requests against POST /rpc (every
// method, every parameter, every user-operation field, batches, HTTP-level faults) and every
// REST route /openapi.json lists (bodies mutated from their own schema, path parameters,
// tokens). Each must be refused — a 4xx with `{ error: { reason, message } }`, or a JSON-RPC
// error with a standard code, a message and `data.reason` — never a 500 or an internal
// error; afterwards the relayer is healthy, logged no fault, holds no half-written row, and
// still takes a payment. badInputProperties.test.ts generates more of the same with fast-check.
import { expect } from "chai";
import { numberToHex, parseUnits, type Hex } from "viem";
import { rpcErrorCodes } from "../../server/src/errors/rpc.ts";
import {
  badAddresses,
  badChainIds,
  badContexts,
  badHashes,
  httpRefusal,
  rawHttp,
  request,
  rpcRefusal,
  runCases,
  userOperationFieldValues,
  type Answer,
  type Case,
} from "./helpers/badInput.ts";
import { createFixture, rpcForm, type Fixture } from "./helpers/fixture.ts";
import { findHalfWrittenRows } from "./helpers/integrity.ts";
import { mutations, type JsonSchema } from "./helpers/schemaMutations.ts";

const json = (value: unknown) => JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? numberToHex(item) : item));

describe("relayer: bad-input battery", function () {
  this.timeout(180_000);
  let fx: Fixture;
  let signedOp: Record<string, unknown>;
  const counts: Record<string, number> = {};

  before(async function () {
    fx = await createFixture({ RATE_LIMIT_PER_IP: "1000000", RATE_LIMIT_PER_ACCOUNT: "1000000" });
    const { account, address } = await fx.signUp(parseUnits("10", 6));
    const request = await fx.bundlerClient.prepareUserOperation({ account, calls: await fx.paymentCalls(address, 1n) });
    signedOp = rpcForm({ ...request, signature: await account.signUserOperation(request) });
  });

  after(async function () {
    if (Object.keys(counts).length > 0) console.log(`      cases: ${JSON.stringify(counts)}`);
    await fx?.close();
  });

  const postRpc = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
    request(fx.rpcUrl, { method: "POST", headers, body });

  /** A JSON-RPC call whose answer must be a refusal (with `code` when given). */
  const rpcCase = (name: string, method: unknown, params: unknown, code?: number): Case => ({
    name,
    send: () => postRpc(json({ jsonrpc: "2.0", id: 1, method, params })),
    judge: (answer) =>
      answer.status !== 200 && answer.status !== 400 ? `HTTP ${answer.status}` : rpcRefusal(answer.body?.error, code),
  });

  async function expectRefused(group: string, cases: readonly Case[]) {
    counts[group] = cases.length;
    const offenders = await runCases(cases);
    expect(offenders, `${offenders.length} of ${cases.length} not refused properly:\n${offenders.join("\n")}`).to.deep.equal([]);
  }

  it("refuses malformed JSON with -32700 and anything that is not a request with -32600", async function () {
    const malformed = ["", " ", "{", "[", "]", "nul", "{'jsonrpc':'2.0'}", '{"jsonrpc":"2.0",', '{"a":1}}', "\u0000", "\uFEFF{", "[".repeat(5_000) + "]".repeat(4_999), "0x12", "{\"method\":\"eth_chainId\" \"id\":1}"];
    const notRequests = [
      "1",
      '"eth_chainId"',
      "null",
      "true",
      "{}",
      '{"jsonrpc":"2.0"}',
      '{"jsonrpc":"1.0","id":1,"method":"eth_chainId","params":[]}',
      '{"id":1,"method":"eth_chainId","params":[]}',
      '{"jsonrpc":"2.0","id":1,"method":5,"params":[]}',
      '{"jsonrpc":"2.0","id":1,"method":"","params":[]}',
      `{"jsonrpc":"2.0","id":1,"method":"${"m".repeat(200)}","params":[]}`,
      '{"jsonrpc":"2.0","id":{"a":1},"method":"eth_chainId","params":[]}',
      `{"jsonrpc":"2.0","id":"${"i".repeat(300)}","method":"eth_chainId","params":[]}`,
      '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":"x"}',
      '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":7}',
      '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":null}',
    ];
    await expectRefused("json", [
      ...malformed.map((body) => ({
        name: `malformed ${JSON.stringify(body.slice(0, 30))}`,
        send: () => postRpc(body),
        judge: (answer: Answer) => (answer.status !== 400 ? `HTTP ${answer.status}` : rpcRefusal(answer.body?.error, rpcErrorCodes.parseError)),
      })),
      ...notRequests.map((body) => ({
        name: `not a request ${body.slice(0, 60)}`,
        send: () => postRpc(body),
        judge: (answer: Answer) => (answer.status !== 400 ? `HTTP ${answer.status}` : rpcRefusal(answer.body?.error, rpcErrorCodes.invalidRequest)),
      })),
    ]);
  });

  it("refuses unknown methods with -32601", async function () {
    const names = ["eth_foo", "eth_sendTransaction", "eth_call", "debug_traceCall", "__proto__", "constructor", "toString", "hasOwnProperty", "ETH_CHAINID", " eth_chainId", "eth_chainId\u0000", "pm_sponsorUserOperation", "m".repeat(128)];
    await expectRefused(
      "unknown methods",
      names.map((name) => rpcCase(`method ${JSON.stringify(name.slice(0, 30))}`, name, [], rpcErrorCodes.methodNotFound)),
    );
  });

  it("refuses wrong params of every method with -32602: each position, wrong arity, wrong EntryPoint or chain", async function () {
    const hash = `0x${"ab".repeat(32)}`;
    const badOps = [null, 1, "x", true, [], {}, [signedOp]];
    const methods: Record<string, { valid: unknown[]; positions: unknown[][] }> = {
      eth_chainId: { valid: [], positions: [] },
      eth_supportedEntryPoints: { valid: [], positions: [] },
      eth_getUserOperationByHash: { valid: [hash], positions: [badHashes] },
      eth_getUserOperationReceipt: { valid: [hash], positions: [badHashes] },
      paykey_getUserOperationStatus: { valid: [hash], positions: [badHashes] },
      eth_sendUserOperation: { valid: [signedOp, fx.entryPoint], positions: [badOps, badAddresses] },
      eth_estimateUserOperationGas: { valid: [signedOp, fx.entryPoint], positions: [badOps, badAddresses] },
      pm_getPaymasterStubData: { valid: [signedOp, fx.entryPoint, "0x7a69", {}], positions: [badOps, badAddresses, badChainIds, badContexts] },
      pm_getPaymasterData: { valid: [signedOp, fx.entryPoint, "0x7a69", {}], positions: [badOps, badAddresses, badChainIds, badContexts] },
    };
    const otherEntryPoints = ["0x0000000071727De22E5E9d8BAf0edAc6f37da032", "0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108", `0x${"0".repeat(40)}`];
    const cases: Case[] = [];
    for (const [method, { valid, positions }] of Object.entries(methods)) {
      positions.forEach((values, index) => {
        for (const value of values) {
          const params = valid.map((param, at) => (at === index ? value : param));
          cases.push(rpcCase(`${method} param ${index} = ${json(value)?.slice(0, 40)}`, method, params, rpcErrorCodes.invalidParams));
        }
      });
      cases.push(rpcCase(`${method} with an extra param`, method, [...valid, 1, 2], rpcErrorCodes.invalidParams));
      cases.push(rpcCase(`${method} with params as an object`, method, { a: 1 }, rpcErrorCodes.invalidParams));
      if (valid.length > 0) {
        cases.push(rpcCase(`${method} without params`, method, [], rpcErrorCodes.invalidParams));
        // ERC-7677's context may be left out; nothing else may.
        const required = method.startsWith("pm_") ? 3 : valid.length;
        cases.push(rpcCase(`${method} missing a required param`, method, valid.slice(0, required - 1), rpcErrorCodes.invalidParams));
      }
      if (valid[1] === fx.entryPoint) {
        for (const other of otherEntryPoints) {
          cases.push(rpcCase(`${method} for EntryPoint ${other}`, method, [valid[0], other, ...valid.slice(2)], rpcErrorCodes.invalidParams));
        }
      }
      if (valid[2] === "0x7a69") {
        for (const chain of ["0x1", 1, "0x2105", 0]) cases.push(rpcCase(`${method} for chain ${chain}`, method, [valid[0], valid[1], chain, {}], rpcErrorCodes.invalidParams));
      }
    }
    await expectRefused("params", cases);
  });

  it("refuses every malformed user-operation field in every method that takes one, and missing required fields", async function () {
    const methods: Record<string, { tail: unknown[]; required: string[] }> = {
      eth_sendUserOperation: {
        tail: [fx.entryPoint],
        required: ["sender", "nonce", "callData", "callGasLimit", "verificationGasLimit", "preVerificationGas", "maxFeePerGas", "maxPriorityFeePerGas", "signature"],
      },
      eth_estimateUserOperationGas: { tail: [fx.entryPoint], required: ["sender", "nonce", "callData"] },
      pm_getPaymasterStubData: { tail: [fx.entryPoint, "0x7a69", {}], required: ["sender", "nonce", "callData"] },
      pm_getPaymasterData: { tail: [fx.entryPoint, "0x7a69", {}], required: ["sender", "nonce", "callData"] },
    };
    const cases: Case[] = [];
    for (const [method, { tail, required }] of Object.entries(methods)) {
      for (const [field, values] of Object.entries(userOperationFieldValues)) {
        for (const value of values) {
          cases.push(rpcCase(`${method} ${field} = ${json(value)?.slice(0, 40)}`, method, [{ ...signedOp, [field]: value }, ...tail], rpcErrorCodes.invalidParams));
        }
      }
      for (const field of required) {
        const { [field]: _missing, ...rest } = signedOp;
        cases.push(rpcCase(`${method} without ${field}`, method, [rest, ...tail], rpcErrorCodes.invalidParams));
      }
    }
    await expectRefused("user operation fields", cases);
  });

  it("refuses well-formed but wrong operations with an ERC-4337 code: truncated or altered signatures, call data, paymaster data, nonces, senders, gas", async function () {
    const signature = signedOp.signature as Hex;
    const paymasterData = signedOp.paymasterData as Hex;
    const flip = (hex: Hex, at: number) => `${hex.slice(0, at)}${hex[at] === "0" ? "1" : "0"}${hex.slice(at + 1)}` as Hex;
    // Each change, and the methods that must refuse it. Estimation takes any signature, the
    // account's or the paymaster's (wallets estimate with stubs), and ignores gas and fees; the
    // paymaster signs before the passkey and sets its own paymaster fields, so it refuses only
    // what its policy covers.
    const send = ["eth_sendUserOperation"];
    const all = ["eth_sendUserOperation", "eth_estimateUserOperationGas", "pm_getPaymasterData"];
    const variants: [string, Record<string, unknown>, string[]][] = [
      ["signature truncated to 20 bytes", { signature: signature.slice(0, 42) }, send],
      ["signature cut in half", { signature: signature.slice(0, 2 + Math.floor((signature.length - 2) / 4) * 2) }, send],
      ["signature empty", { signature: "0x" }, send],
      ["signature with one byte changed", { signature: flip(signature, 200) }, send],
      ["signature of another length (65 bytes)", { signature: `0x${"11".repeat(65)}` }, send],
      ["callData of an unknown function", { callData: "0xdeadbeef" }, all],
      ["callData truncated to 36 bytes", { callData: (signedOp.callData as Hex).slice(0, 74) }, all],
      ["callData empty", { callData: "0x" }, ["eth_sendUserOperation", "pm_getPaymasterData"]],
      ["paymasterData truncated", { paymasterData: paymasterData.slice(0, 26) }, send],
      ["paymasterData empty", { paymasterData: "0x" }, send],
      ["paymaster that is not ours", { paymaster: `0x${"12".repeat(20)}` }, ["eth_sendUserOperation", "eth_estimateUserOperationGas"]],
      ["nonce from the future", { nonce: "0x5" }, ["eth_sendUserOperation", "eth_estimateUserOperationGas"]],
      ["nonce of another key", { nonce: `0x${"1".padEnd(49, "0")}` }, send],
      ["sender that is not deployed", { sender: `0x${"34".repeat(20)}` }, all],
      ["factory that does not exist", { factory: `0x${"56".repeat(20)}`, factoryData: "0x1234" }, all],
      ["maxPriorityFeePerGas above maxFeePerGas", { maxPriorityFeePerGas: "0x3b9aca00", maxFeePerGas: "0x1" }, send],
      ["every gas value zero", { callGasLimit: "0x0", verificationGasLimit: "0x0", preVerificationGas: "0x0", paymasterVerificationGasLimit: "0x0" }, send],
      ["gas values at the 120-bit maximum", { callGasLimit: `0x${"f".repeat(30)}`, verificationGasLimit: `0x${"f".repeat(30)}`, maxFeePerGas: `0x${"f".repeat(30)}` }, ["eth_sendUserOperation", "pm_getPaymasterData"]],
      ["maxFeePerGas zero", { maxFeePerGas: "0x0", maxPriorityFeePerGas: "0x0" }, send],
      ["verificationGasLimit too low to deploy the account", { verificationGasLimit: "0x100" }, send],
    ];
    const tails: Record<string, unknown[]> = {
      eth_sendUserOperation: [fx.entryPoint],
      eth_estimateUserOperationGas: [fx.entryPoint],
      pm_getPaymasterData: [fx.entryPoint, "0x7a69", {}],
    };
    const cases: Case[] = [];
    for (const [name, change, methods] of variants) {
      for (const method of methods) cases.push(rpcCase(`${method}: ${name}`, method, [{ ...signedOp, ...change }, ...tails[method]!]));
    }
    await expectRefused("wrong operations", cases);
  });

  it("answers batches member by member; refuses an empty or oversized batch with -32600", async function () {
    const call = (id: number, method: string, params: unknown[] = []) => ({ jsonrpc: "2.0", id, method, params });
    const mixed = [1, "x", null, {}, [], [call(1, "eth_chainId")], call(7, "eth_chainId"), call(8, "nope"), call(9, "eth_getUserOperationByHash", ["0x12"]), { jsonrpc: "2.0", method: "eth_chainId" }, call(10, "pm_getPaymasterData", [{}, fx.entryPoint, "0x7a69"])];
    const mixedAnswer = await postRpc(json(mixed));
    expect(mixedAnswer.status).to.equal(200);
    // One answer per member except the notification; the valid call gets its result.
    expect(mixedAnswer.body).to.have.length(mixed.length - 1);
    expect(mixedAnswer.body.find((answer: { id: unknown }) => answer.id === 7).result).to.equal("0x7a69");
    const errors = mixedAnswer.body.filter((answer: { id: unknown }) => answer.id !== 7);
    expect(errors.map((answer: { error: unknown }) => rpcRefusal(answer.error))).to.deep.equal(errors.map(() => undefined));
    expect(errors.map((answer: { error: { code: number } }) => answer.error.code)).to.deep.equal([-32600, -32600, -32600, -32600, -32600, -32600, -32601, -32602, -32602]);

    const notifications = await postRpc(json([{ jsonrpc: "2.0", method: "eth_chainId" }, { jsonrpc: "2.0", method: "nope" }]));
    expect(notifications.status).to.equal(204);

    const cases: Case[] = [
      { body: "[]", name: "empty batch" },
      { body: json(Array.from({ length: 51 }, (_, id) => call(id, "eth_chainId"))), name: "batch of 51" },
    ].map(({ body, name }) => ({
      name,
      send: () => postRpc(body),
      judge: (answer: Answer) => (answer.status !== 400 ? `HTTP ${answer.status}` : rpcRefusal(answer.body?.error, rpcErrorCodes.invalidRequest)),
    }));
    const fifty = await postRpc(json(Array.from({ length: 50 }, (_, id) => call(id, "eth_getUserOperationReceipt", [id]))));
    expect(fifty.body.map((answer: { error: unknown }) => rpcRefusal(answer.error, rpcErrorCodes.invalidParams))).to.deep.equal(Array(50).fill(undefined));
    await expectRefused("batches", cases);
  });

  it("refuses HTTP-level faults on /rpc: oversize bodies, other media types and verbs, broken framing", async function () {
    const { hostname, port } = new URL(fx.relayer.url);
    const huge = json({ jsonrpc: "2.0", id: 1, method: "eth_sendUserOperation", params: [{ ...signedOp, callData: `0x${"00".repeat(140_000)}` }, fx.entryPoint] });
    const http = (name: string, init: RequestInit, status: number, path = "/rpc"): Case => ({
      name,
      send: () => request(`${fx.relayer.url}${path}`, init),
      judge: (answer) => httpRefusal(answer, status),
    });
    const raw = (name: string, bytes: string): Case => ({
      name,
      send: () => rawHttp(hostname, Number(port), bytes),
      judge: (answer) => (answer.status >= 400 && answer.status < 500 ? undefined : `status ${answer.status}`),
    });
    await expectRefused("http", [
      http("body over the limit", { method: "POST", headers: { "content-type": "application/json" }, body: huge }, 413),
      http("body over the limit as text/plain", { method: "POST", headers: { "content-type": "text/plain" }, body: huge }, 413),
      http("text/xml", { method: "POST", headers: { "content-type": "text/xml" }, body: "<a/>" }, 415),
      http("form data", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=1" }, 415),
      http("multipart", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x" }, body: "--x--" }, 415),
      http("GET /rpc", { method: "GET" }, 404),
      http("PUT /rpc", { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" }, 404),
      http("DELETE /rpc", { method: "DELETE" }, 404),
      http("POST /rpc/extra", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }, 404, "/rpc/extra"),
      raw("Content-Length not a number", "POST /rpc HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"),
      raw("broken chunked encoding", "POST /rpc HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
      raw("header line without a colon", "POST /rpc HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n"),
      raw("headers over 16 KiB", `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`),
      raw("not HTTP at all", "HELLO\r\n\r\n"),
    ]);
  });

  it("refuses bad bodies, path parameters and tokens on every REST route of /openapi.json", async function () {
    const spec = (await request(`${fx.relayer.url}/openapi.json`)).body as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>>;
    };
    const cases: Case[] = [];
    const badPathValues = ["x", "-1", "9".repeat(40), "%00", "..%2F..%2Fetc%2Fpasswd", "'%20OR%201%3D1%20--", "%F0%9F%92%B8", "a".repeat(2_000)];
    const refused = (name: string, url: string, init: RequestInit): Case => ({ name, send: () => request(url, init), judge: (answer) => httpRefusal(answer) });
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [verb, operation] of Object.entries(operations)) {
        const method = verb.toUpperCase();
        const concrete = path.replace(/\{[^}]+\}/g, "1");
        const url = `${fx.relayer.url}${concrete}`;
        for (const value of path.includes("{") ? badPathValues : []) {
          cases.push(refused(`${method} ${path} with ${value.slice(0, 20)}`, `${fx.relayer.url}${path.replace(/\{[^}]+\}/g, value)}`, { method }));
        }
        if (method === "GET") continue;
        const schema = operation.requestBody?.content?.["application/json"]?.schema;
        const post = (body: string, contentType = "application/json"): RequestInit => ({ method, headers: { "content-type": contentType }, body });
        // /chain is the chain's JSON-RPC proxy: malformed JSON is a JSON-RPC parse error (-32700), as on /rpc.
        const malformedJudge = path === "/chain" ? (answer: Answer) => (answer.status !== 400 ? `HTTP ${answer.status}` : rpcRefusal(answer.body?.error, rpcErrorCodes.parseError)) : undefined;
        for (const body of ["{", '{"a":', "nul", "[1,]"]) {
          const malformed = refused(`${method} ${path} malformed ${body}`, url, post(body));
          cases.push(malformedJudge ? { ...malformed, judge: malformedJudge } : malformed);
        }
        const xml = refused(`${method} ${path} as text/xml`, url, post("<a/>", "text/xml"));
        // /chain takes application/json only and says so as JSON-RPC (415).
        const xmlJudge = (answer: Answer) => (answer.status !== 415 ? `HTTP ${answer.status}` : rpcRefusal(answer.body?.error, rpcErrorCodes.invalidRequest));
        cases.push(path === "/chain" ? { ...xml, judge: xmlJudge } : xml);
        cases.push(refused(`${method} ${path} over the body limit`, url, post(json({ padding: "a".repeat(300_000) }))));
        for (const { path: field, body } of schema ? mutations(schema) : []) {
          cases.push(refused(`${method} ${path} ${field}`, url, post(json(body))));
        }
      }
    }
    // Routes behind a session, with tokens that are not one.
    for (const [method, path] of [["GET", "/auth/session"], ["POST", "/auth/logout"], ["POST", "/auth/devices/options"]] as const) {
      for (const token of ["x", "a".repeat(5_000), "null", "Bearer", "%00", "AAAA.BBBB.CCCC"]) {
        const init = { method, headers: { authorization: `Bearer ${token}`, ...(method === "POST" ? { "content-type": "application/json" } : {}) }, ...(method === "POST" ? { body: "{}" } : {}) };
        cases.push({ ...refused(`${method} ${path} token ${token.slice(0, 12)}`, `${fx.relayer.url}${path}`, init), judge: (answer) => httpRefusal(answer, 401) });
      }
      cases.push({ ...refused(`${method} ${path} cookie garbage`, `${fx.relayer.url}${path}`, { method, headers: { cookie: "paykey_session=%%%; paykey_session=x" } }), judge: (answer) => httpRefusal(answer, 401) });
    }
    for (const path of ["/nope", "/auth", "/auth/register", "/%", "/%zz", "/..%2f..%2fetc/passwd", "/auth/../../etc/passwd", `/${"a".repeat(4_000)}`, "/openapi.json/x", "/health/x"]) {
      cases.push(refused(`GET ${path.slice(0, 30)}`, `${fx.relayer.url}${path}`, { method: "GET" }));
    }
    expect(cases.length).to.be.greaterThan(100);
    await expectRefused("rest", cases);
  });

  it("is healthy afterwards, logged no fault, left no half-written row, and still takes a passkey payment", async function () {
    const health = await request(`${fx.relayer.url}/health`);
    expect(health.status).to.equal(200);
    expect(health.body.status).to.equal("ok");
    const faults = fx.relayer.logs.filter((line) => (line.level as number) >= 50);
    expect(faults.map((line) => line.msg), JSON.stringify(faults).slice(0, 3000)).to.deep.equal([]);
    const { account, address } = await fx.signUp(parseUnits("10", 6));
    const hash = await fx.bundlerClient.sendUserOperation({ account, calls: await fx.paymentCalls(address, 2n) });
    expect((await fx.bundlerClient.waitForUserOperationReceipt({ hash, timeout: 20_000 })).success).to.equal(true);
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).to.be.greaterThan(500);
    expect((await findHalfWrittenRows(fx.relayer.store)).problems).to.deep.equal([]);
  });
});
