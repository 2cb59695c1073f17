// Slow and greedy clients at the HTTP edge: a raw socket that sends half its headers and goes
// quiet, headers or a body that never finish, an idle keep-alive socket, and one address
// holding many sockets. Each is cut off (after its configured limit, never before) while a
// normal client is served at the same time and afterwards. Relayers with short limits share
// one chain; each limit is tested where the others are far away.
import { expect } from "chai";
import { request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import type { ConfigInput } from "../../server/src/config.ts";
import { startChain, type TestChain } from "./helpers/chain.ts";
import { deployOn } from "./helpers/fixture.ts";
import { startTestRelayer, type TestRelayer } from "./helpers/relayer.ts";

/** Long enough never to be what cuts a test's socket off. */
const far = "60000";

type SlowSocket = { socket: Socket; closed: Promise<{ received: string; elapsedMs: number }> };

/** A raw socket to `url` (optionally from `localAddress`) that sends `bytes` and then nothing. */
function slowSocket(url: string, bytes: string, localAddress?: string): Promise<SlowSocket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress });
    let received = "";
    let openedAt = 0;
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("error", () => {}); // a reset is one way of being cut off
    const closed = new Promise<{ received: string; elapsedMs: number }>((done) =>
      socket.once("close", () => done({ received, elapsedMs: Date.now() - openedAt })),
    );
    socket.once("connect", () => {
      openedAt = Date.now();
      socket.write(bytes, () => resolve({ socket, closed }));
    });
    socket.once("error", reject);
  });
}

/** GET /health as a normal client (optionally from `localAddress`): the status code, or the error. */
function health(url: string, localAddress?: string): Promise<number | string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const req = httpRequest({ host: hostname, port: Number(port), path: "/health", localAddress, agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    req.on("error", (error) => resolve(error.message));
    req.end();
  });
}

const statusOf = (received: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
const halfHeaders = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Half: ";

describe("relayer: slow clients at the HTTP edge", function () {
  this.timeout(60_000);
  let chain: TestChain;
  let deploymentFile: string;
  const relayers: TestRelayer[] = [];

  const relayer = async (env: ConfigInput) => {
    const started = await startTestRelayer(chain.url, { DEPLOYMENT_FILE: deploymentFile, LOG_LEVEL: "warn", ...env }, { runExecutor: false });
    relayers.push(started);
    return started;
  };

  before(async function () {
    chain = await startChain();
    deploymentFile = (await deployOn(chain.url)).deploymentFile;
  });

  after(async function () {
    for (const started of relayers) await started.stop();
    await chain?.close();
  });

  it("closes a socket that sends half its headers and goes quiet (HTTP_CONNECTION_TIMEOUT_MS), serving others meanwhile", async function () {
    const { url } = await relayer({ HTTP_CONNECTION_TIMEOUT_MS: "600", HTTP_HEADERS_TIMEOUT_MS: far, HTTP_REQUEST_TIMEOUT_MS: far });
    const slow = await slowSocket(url, halfHeaders);
    expect(await health(url), "a normal client while the slow one hangs").to.equal(200);
    const { received, elapsedMs } = await slow.closed;
    expect(received, "closed without an answer").to.equal("");
    expect(elapsedMs).to.be.at.least(590);
    expect(await health(url), "a normal client afterwards").to.equal(200);
  });

  it("answers 408 and closes when the headers do not arrive in time (HTTP_HEADERS_TIMEOUT_MS)", async function () {
    const { url } = await relayer({ HTTP_CONNECTION_TIMEOUT_MS: far, HTTP_HEADERS_TIMEOUT_MS: "800", HTTP_REQUEST_TIMEOUT_MS: far });
    const slow = await slowSocket(url, halfHeaders);
    expect(await health(url)).to.equal(200);
    const { received, elapsedMs } = await slow.closed;
    expect(statusOf(received), received).to.equal(408);
    expect(elapsedMs).to.be.at.least(790);
    expect(await health(url)).to.equal(200);
  });

  it("answers 408 and closes when the body does not arrive in time (HTTP_REQUEST_TIMEOUT_MS)", async function () {
    const { url } = await relayer({ HTTP_CONNECTION_TIMEOUT_MS: far, HTTP_HEADERS_TIMEOUT_MS: "500", HTTP_REQUEST_TIMEOUT_MS: "1200" });
    const headers = "POST /rpc HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n";
    const slow = await slowSocket(url, `${headers}{"jsonrpc":"2.0","id":1,`);
    expect(await health(url)).to.equal(200);
    const { received, elapsedMs } = await slow.closed;
    expect(statusOf(received), received).to.equal(408);
    expect(elapsedMs).to.be.at.least(1_190);
    expect(await health(url)).to.equal(200);
  });

  it("closes an idle keep-alive socket (HTTP_KEEP_ALIVE_TIMEOUT_MS) and holds at most HTTP_MAX_CONNECTIONS_PER_IP sockets per address", async function () {
    const { url } = await relayer({
      HTTP_CONNECTION_TIMEOUT_MS: far,
      HTTP_HEADERS_TIMEOUT_MS: far,
      HTTP_REQUEST_TIMEOUT_MS: far,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: "700",
      HTTP_MAX_CONNECTIONS_PER_IP: "5",
    });

    // Keep-alive: a whole request answered, then the socket stays open until the limit.
    const idle = await slowSocket(url, "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
    const afterAnswer = await idle.closed;
    expect(statusOf(afterAnswer.received)).to.equal(200);
    expect(afterAnswer.elapsedMs).to.be.at.least(690);

    // Five sockets from 127.0.0.1 hang on half headers; a sixth from there is dropped at once,
    // though it sends a whole request; another address is served.
    const hanging = await Promise.all(Array.from({ length: 5 }, () => slowSocket(url, halfHeaders)));
    const sixth = await slowSocket(url, "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    expect((await sixth.closed).received, "the sixth socket got no answer").to.equal("");
    expect(await health(url), "another request from the same address").to.not.equal(200);
    expect(await health(url, "127.0.0.2"), "a client from another address").to.equal(200);
    for (const { socket } of hanging) expect(socket.destroyed, "the five are still open").to.equal(false);

    // Their sockets closed, the address is served again.
    for (const { socket } of hanging) socket.destroy();
    await Promise.all(hanging.map((slow) => slow.closed));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the server sees the closes
    expect(await health(url)).to.equal(200);
  });
});
