// The log scanner against a real chain behind the limits public RPCs put on eth_getLogs: a node that
// refuses ranges over 500 blocks or answers over 25 logs (with the error messages such nodes give) still
// yields every log exactly once, in order; a node that is down is an error, not an endless retry. And the
// period → blocks search over block timestamps.
import { expect } from "chai";
import { type Address, type EIP1193RequestFn, type RpcLog, createPublicClient, custom, hexToBigInt, parseUnits } from "viem";
import { hardhat } from "viem/chains";
import { InvalidPeriodError, LogRangeError, isRangeRefusal, resolveBlockRange, scanLogs } from "@paykey/sdk/audit";
import { HttpRequestError, LimitExceededRpcError, ResponseBodyTooLargeError, RpcRequestError } from "viem";
import { mintTestTokens } from "../../../scripts/deploy.ts";
import { type TestChain, startChain } from "../helpers/chain.ts";
import { deployOn } from "../helpers/fixture.ts";

const transferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

describe("audit: adaptive eth_getLogs and the period's blocks", function () {
  let chain: TestChain;
  let token: Address;
  let firstBlock: bigint;
  let lastBlock: bigint;

  before(async function () {
    this.timeout(120_000);
    chain = await startChain();
    const deployed = await deployOn(chain.url);
    token = deployed.usd;
    // The deployment mints tokens of its own: the scan starts after it.
    firstBlock = (await deployed.publicClient.getBlockNumber({ cacheTime: 0 })) + 1n;
    // 60 transfers: 30 in consecutive blocks, then 10,000 empty blocks, then 30 more.
    for (let index = 0; index < 60; index++) {
      if (index === 30) await chain.provider.request({ method: "hardhat_mine", params: ["0x2710"] });
      await mintTestTokens({ publicClient: deployed.publicClient, walletClient: deployed.deployer }, token, deployed.deployer.account.address, parseUnits("1", 6));
    }
    lastBlock = await deployed.publicClient.getBlockNumber({ cacheTime: 0 });
  });

  after(async function () {
    await chain?.close();
  });

  /** A client for the chain that refuses queries as a rate-limited public RPC does; counts what it was asked. */
  function limitedClient(limits: { maxRange: bigint; maxLogs: number }) {
    const asked: { from: bigint; to: bigint; refused: boolean }[] = [];
    const request = (async ({ method, params }: { method: string; params: any }) => {
      const result = await chain.provider.request({ method, params });
      if (method === "eth_getLogs") {
        const from = hexToBigInt(params[0].fromBlock);
        const to = hexToBigInt(params[0].toBlock);
        if (to - from + 1n > limits.maxRange) {
          asked.push({ from, to, refused: true });
          throw Object.assign(new Error(`query exceeds max block range ${limits.maxRange}`), { code: -32602 });
        }
        if ((result as RpcLog[]).length > limits.maxLogs) {
          asked.push({ from, to, refused: true });
          throw Object.assign(new Error(`query returned more than ${limits.maxLogs} results`), { code: -32005 });
        }
        asked.push({ from, to, refused: false });
      }
      return result;
    }) as EIP1193RequestFn;
    return { client: createPublicClient({ chain: hardhat, transport: custom({ request }, { retryCount: 0 }) }), asked };
  }

  async function collect(client: ReturnType<typeof limitedClient>["client"], targetLogs?: number) {
    const logs: RpcLog[] = [];
    let expectedFrom = firstBlock;
    for await (const range of scanLogs(client, { address: [token], topics: [[transferTopic]], fromBlock: firstBlock, toBlock: lastBlock, initialStep: 100n, targetLogs })) {
      expect(range.fromBlock).to.equal(expectedFrom);
      expectedFrom = range.toBlock + 1n;
      logs.push(...range.logs);
    }
    expect(expectedFrom).to.equal(lastBlock + 1n);
    return logs;
  }

  it("reads every log once, in order, from a node that limits ranges and result counts", async function () {
    const all = (await chain.provider.request({
      method: "eth_getLogs",
      params: [{ address: token, topics: [transferTopic], fromBlock: `0x${firstBlock.toString(16)}`, toBlock: `0x${lastBlock.toString(16)}` }],
    })) as RpcLog[];
    expect(all).to.have.length(60);

    const limited = limitedClient({ maxRange: 500n, maxLogs: 25 });
    const logs = await collect(limited.client, 20);
    expect(logs.map((log) => [log.blockNumber, log.logIndex])).to.deep.equal(all.map((log) => [log.blockNumber, log.logIndex]));
    const refused = limited.asked.filter((query) => query.refused);
    expect(refused.length, "refusals seen").to.be.greaterThan(0);
    // It grew again over the empty stretch: 10,000 blocks at ≤ 500 per query is at least 20 queries, and no more were needed.
    expect(limited.asked.filter((query) => !query.refused).every((query) => query.to - query.from < 500n)).to.equal(true);
    expect(limited.asked.length).to.be.lessThan(80);
  });

  it("reads everything in one query from a node without limits", async function () {
    const open = limitedClient({ maxRange: 10n ** 9n, maxLogs: 10 ** 9 });
    const logs = await collect(open.client);
    expect(logs).to.have.length(60);
    // Steps double from 100 blocks while answers are small: 100 + 200 + … + 6,400 covers the 10,000+ blocks.
    expect(open.asked.map((query) => query.to - query.from + 1n).slice(0, 3)).to.deep.equal([100n, 200n, 400n]);
    expect(open.asked.length).to.be.lessThan(9);
    expect(open.asked.every((query) => !query.refused)).to.equal(true);
  });

  it("gives up with LogRangeError when even one block is refused, and rethrows a node that is down", async function () {
    const tiny = limitedClient({ maxRange: 0n, maxLogs: 0 });
    let error: unknown;
    try {
      await collect(tiny.client);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(LogRangeError);

    chain.refuse(["eth_getLogs"]);
    try {
      const down = createPublicClient({ chain: hardhat, transport: custom({ request: ({ method, params }: any) => fetch(chain.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) }).then(async (response) => { const body = await response.json(); if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code }); return body.result; }) }, { retryCount: 0 }) });
      let downError: unknown;
      try {
        await collect(down as never);
      } catch (caught) {
        downError = caught;
      }
      expect(downError).to.not.be.instanceOf(LogRangeError);
      expect(String((downError as Error).message)).to.contain("the node is unavailable");
    } finally {
      chain.refuse([]);
    }
  });

  it("tells a node's refusal of an oversized query from a node that is down", function () {
    const rpc = (code: number, message: string) => new RpcRequestError({ body: {}, url: "http://node", error: { code, message } });
    const refusals = [
      rpc(-32005, "limit exceeded"),
      rpc(-32000, "query returned more than 10000 results"),
      rpc(-32602, "exceed maximum block range: 50000"),
      rpc(-32000, "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range"),
      new LimitExceededRpcError(new Error("too many")),
      new ResponseBodyTooLargeError({ maxSize: 10_485_760, size: 12_410_578 }),
      new HttpRequestError({ url: "http://node", status: 413, body: {} }),
    ];
    for (const error of refusals) expect(isRangeRefusal(error), error.shortMessage).to.equal(true);
    const failures = [rpc(-32603, "the node is unavailable"), new HttpRequestError({ url: "http://node", status: 502, body: {}, details: "fetch failed" }), new Error("fetch failed")];
    for (const error of failures) expect(isRangeRefusal(error), error.message).to.equal(false);
  });

  it("turns a period in time into the blocks whose timestamps fall in it", async function () {
    const client = createPublicClient({ chain: hardhat, transport: custom(chain.provider) });
    const head = await client.getBlock();
    // Three blocks at known times, a day apart.
    const day = 86_400n;
    const base = head.timestamp + day;
    for (const offset of [0n, day, 2n * day]) {
      await chain.provider.request({ method: "evm_setNextBlockTimestamp", params: [`0x${(base + offset).toString(16)}`] });
      await chain.provider.request({ method: "evm_mine", params: [] });
    }
    const first = head.number + 1n;
    const at = (seconds: bigint) => new Date(Number(seconds) * 1000);

    const middle = await resolveBlockRange(client, { from: at(base + day), to: at(base + 2n * day) }, { earliest: 0n });
    expect([middle.from.number, middle.to.number]).to.deep.equal([first + 1n, first + 1n]);
    expect(middle.to.hash).to.equal((await client.getBlock({ blockNumber: first + 1n })).hash);

    const open = await resolveBlockRange(client, { from: at(base + 1n) }, { earliest: 0n });
    expect([open.from.number, open.to.number]).to.deep.equal([first + 1n, first + 2n]);

    const byBlocks = await resolveBlockRange(client, { fromBlock: 3n, toBlock: 5n }, { earliest: 4n });
    expect([byBlocks.from.number, byBlocks.to.number]).to.deep.equal([4n, 5n]);

    let error: unknown;
    try {
      await resolveBlockRange(client, { from: at(base + 10n * day) }, { earliest: 0n });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(InvalidPeriodError);
  });
});
