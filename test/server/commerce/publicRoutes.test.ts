// The routes the web app reads before anyone signs in: GET /api/config (chain, contracts,
// tokens, faucet) and the read-only chain proxy POST /chain, which forwards reads to the
// chain and refuses everything else (-32601), takes application/json only and bounds
// eth_getLogs, plus their place in /openapi.json.
import { expect } from "chai";
import { BaseError, ContractFunctionRevertedError, createPublicClient, encodeEventTopics, erc20Abi, http, numberToHex, zeroAddress, zeroHash } from "viem";
import { hardhat } from "viem/chains";
import { mintTestTokens } from "../../../scripts/deploy.ts";
import { devAccount, devAccountRoles } from "../../../scripts/lib/devAccounts.ts";
import { chainReadMethods } from "../../../server/src/commerce/chainProxy.ts";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import { startTestRelayer } from "../helpers/relayer.ts";
import { sharedCommerceFixture, type CommerceFixture } from "../helpers/commerceFixture.ts";
import { localChainId } from "@paykey/sdk/chain";

describe("commerce: /api/config and the read-only /chain proxy", function () {
  let fx: CommerceFixture;

  before(async function () {
    fx = await sharedCommerceFixture();
  });

  const chainRpc = async (body: unknown) => {
    const response = await fetch(`${fx.relayer.url}/chain`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it("GET /api/config describes the deployment", async function () {
    const { status, body } = await fx.call("GET", "/api/config");
    expect(status).to.equal(200);
    expect(body).to.deep.equal({
      chainId: localChainId,
      chainRpcUrl: "http://localhost:5173/chain",
      explorerUrl: null,
      contracts: {
        entryPoint: fx.entryPoint,
        paymentEscrow: fx.escrow,
        accountFactory: fx.deployment.accountFactory,
        sponsorPaymaster: fx.paymaster,
        loyaltyPoints: fx.deployment.loyaltyPoints,
      },
      tokens: [
        { currency: "USD", address: fx.usd, symbol: "tUSDC", decimals: 6 },
        { currency: "EUR", address: fx.deployment.tokens.EUR!.address, symbol: "tEURC", decimals: 6 },
      ],
      faucet: true,
    });
    expect(await fx.publicClient.readContract({ address: fx.escrow, abi: iPaymentEscrowAbi, functionName: "loyaltyPoints" })).to.equal(body.contracts.loyaltyPoints);
  });

  it("serves viem reads through /chain: chain id, blocks, balances, contract calls, logs, receipts", async function () {
    const client = createPublicClient({ chain: hardhat, transport: http(`${fx.relayer.url}/chain`) });
    expect(await client.getChainId()).to.equal(localChainId);
    expect(await client.getBlockNumber()).to.equal(await fx.publicClient.getBlockNumber());
    const deployer = devAccount(devAccountRoles.deployer).address;
    expect(await client.getBalance({ address: deployer })).to.equal(await fx.publicClient.getBalance({ address: deployer }));
    expect(await client.readContract({ address: fx.usd, abi: erc20Abi, functionName: "decimals" })).to.equal(6);
    const events = await client.getContractEvents({ address: fx.escrow, abi: iPaymentEscrowAbi, eventName: "MerchantRegistered", fromBlock: 0n });
    expect(events.length).to.be.greaterThan(0);
    const receipt = await client.getTransactionReceipt({ hash: events[0]!.transactionHash });
    expect(receipt.status).to.equal("success");
    // A revert comes back as the node's error with its data, which viem decodes.
    const terms = {
      merchantId: 1n,
      payer: deployer,
      token: fx.usd,
      amount: 1n,
      feeBps: 100,
      authorizationExpiry: 2 ** 40,
      refundDeadline: 2 ** 41,
      orderRef: zeroHash,
      lineItemsHash: zeroHash,
      salt: 1n,
    } as const;
    const error = await client
      .simulateContract({ address: fx.escrow, abi: iPaymentEscrowAbi, functionName: "capture", args: [terms, 1n], account: deployer })
      .then(() => undefined, (failure: unknown) => failure as BaseError);
    expect(error).to.be.instanceOf(BaseError);
    const revert = error!.walk((cause) => cause instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError;
    expect(revert.data?.errorName).to.equal("NotMerchantOperator");
    expect(revert.data?.args).to.deep.equal([1n, deployer]);
  });

  it("refuses every method that is not a read with -32601, and answers bad JSON-RPC with its error codes", async function () {
    const writes = ["eth_sendRawTransaction", "eth_sendTransaction", "eth_sign", "eth_accounts", "hardhat_mine", "evm_increaseTime", "debug_traceTransaction", "eth_sendUserOperation"];
    const blockBefore = await fx.publicClient.getBlockNumber();
    for (const method of writes) {
      const { status, body } = await chainRpc({ jsonrpc: "2.0", id: 7, method, params: ["0x02f8"] });
      expect(status, method).to.equal(200);
      expect(body, method).to.deep.include({ jsonrpc: "2.0", id: 7 });
      expect(body.error.code, method).to.equal(-32601);
      expect(body.error.data.reason, method).to.equal("method_not_found");
    }
    expect(await fx.publicClient.getBlockNumber()).to.equal(blockBefore);
    expect(chainReadMethods).to.not.include("eth_sendRawTransaction");

    const batch = await chainRpc([
      { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] },
      { jsonrpc: "2.0", id: 2, method: "eth_sendRawTransaction", params: ["0x00"] },
    ]);
    expect(batch.body).to.deep.equal([
      { jsonrpc: "2.0", id: 1, result: "0x7a69" },
      { jsonrpc: "2.0", id: 2, error: { code: -32601, message: 'Method "eth_sendRawTransaction" is not supported.', data: { reason: "method_not_found" } } },
    ]);
    expect((await chainRpc("{not json")).body.error.code).to.equal(-32700);
    expect((await chainRpc({ method: "eth_chainId" })).body.error.code).to.equal(-32600);
    expect((await chainRpc({ jsonrpc: "2.0", id: 1, method: "eth_getBalance", params: "0x1" })).body.error.code).to.equal(-32600);
    expect((await chainRpc({ jsonrpc: "2.0", id: 1, method: "eth_getBalance", params: Array(9).fill("0x1") })).body.error.code).to.equal(-32602);
  });

  it("takes application/json only: text/plain from any origin, forms and a missing type get 415 with a JSON-RPC error", async function () {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
    const post = async (headers: Record<string, string>) => {
      const response = await fetch(`${fx.relayer.url}/chain`, { method: "POST", headers, body });
      return { status: response.status, body: (await response.json()) as any };
    };
    const refused = {
      jsonrpc: "2.0",
      id: null,
      error: { code: -32600, message: "POST /chain takes Content-Type: application/json only.", data: { reason: "unsupported_media_type", expected: "application/json" } },
    };
    const types: Record<string, string>[] = [
      // What a page on any site can send from its visitors' browsers without a CORS preflight.
      { "content-type": "text/plain", origin: "https://attacker.example" },
      { "content-type": "text/plain;charset=UTF-8" },
      { "content-type": "application/x-www-form-urlencoded", origin: "https://attacker.example" },
      { "content-type": "multipart/form-data; boundary=x" },
      { "content-type": "application/jsonp" },
    ];
    for (const headers of types) {
      expect(await post(headers), JSON.stringify(headers)).to.deep.equal({ status: 415, body: refused });
    }
    const untyped = await fx.relayer.app.inject({ method: "POST", url: "/chain", payload: body });
    expect(untyped.headers["content-type"]).to.match(/^application\/json/);
    expect({ status: untyped.statusCode, body: untyped.json() }, "no Content-Type at all").to.deep.equal({ status: 415, body: refused });
    expect((await post({ "content-type": "application/json; charset=utf-8" })).body).to.deep.equal({ jsonrpc: "2.0", id: 1, result: "0x7a69" });
  });

  it("bounds eth_getLogs in blocks and results, refusing with -32005 and the limit in the message and data", async function () {
    const limited = await startTestRelayer(
      fx.chain.url,
      { DEPLOYMENT_FILE: fx.deploymentFile, CHAIN_PROXY_MAX_LOG_BLOCKS: "5", CHAIN_PROXY_MAX_LOGS: "2" },
      { runExecutor: false, listen: false },
    );
    try {
      const getLogs = async (filter: Record<string, unknown>) =>
        (await limited.app.inject({ method: "POST", url: "/chain", headers: { "content-type": "application/json" }, payload: { jsonrpc: "2.0", id: 1, method: "eth_getLogs", params: [filter] } })).json();
      // Three mints to a fresh address, one block each: three Transfer logs only this test matches.
      const recipient = "0x00000000000000000000000000000000000c4a11";
      // Fresh block numbers (viem caches getBlockNumber for a moment): a stale one widens the ranges below.
      const first = (await fx.publicClient.getBlockNumber({ cacheTime: 0 })) + 1n;
      for (let i = 0; i < 3; i++) await mintTestTokens({ publicClient: fx.publicClient, walletClient: fx.deployer }, fx.usd, recipient, 1n);
      const last = await fx.publicClient.getBlockNumber({ cacheTime: 0 });
      const topics = encodeEventTopics({ abi: erc20Abi, eventName: "Transfer", args: { from: zeroAddress, to: recipient } });
      const filter = (fromBlock: unknown, toBlock: unknown) => ({ address: fx.usd, topics, fromBlock, toBlock });

      expect((await getLogs(filter(numberToHex(first), numberToHex(first + 1n)))).result).to.have.length(2);
      expect((await getLogs(filter(numberToHex(last), "latest"))).result).to.have.length(1);
      const block = await fx.publicClient.getBlock({ blockNumber: first });
      expect((await getLogs({ address: fx.usd, topics, blockHash: block.hash })).result).to.have.length(1);

      const wholeChain = await getLogs(filter("earliest", "latest"));
      expect(wholeChain.error).to.deep.include({ code: -32005 });
      expect(wholeChain.error.message).to.include("at most 5 blocks");
      expect(wholeChain.error.data).to.deep.equal({
        reason: "log_range_too_large",
        limit: 5,
        requested: String(last + 1n),
        fromBlock: "0x0",
        toBlock: numberToHex(last),
      });
      expect((await getLogs(filter(numberToHex(first), numberToHex(first + 5n)))).error.data).to.deep.include({ reason: "log_range_too_large", requested: "6" });

      const tooMany = await getLogs(filter(numberToHex(first), numberToHex(last)));
      expect(tooMany.error).to.deep.include({ code: -32005 });
      expect(tooMany.error.message).to.include("at most 2 logs");
      expect(tooMany.error.data).to.deep.equal({ reason: "too_many_logs", limit: 2, matched: 3 });

      const badRange = await getLogs(filter("0xzz", "latest"));
      expect(badRange.error).to.deep.include({ code: -32602 });
      expect(badRange.error.data.reason).to.equal("invalid_params");
    } finally {
      await limited.stop();
    }
  });

  it("documents the commerce routes in /openapi.json", async function () {
    const { body } = await fx.call("GET", "/openapi.json");
    for (const path of [
      "/api/config",
      "/api/faucet",
      "/api/stores",
      "/api/stores/{storeId}",
      "/api/stores/{storeId}/registered",
      "/api/stores/{storeId}/requests",
      "/api/stores/{storeId}/payments",
      "/api/requests/{requestId}",
      "/api/requests/{requestId}/checkout",
      "/api/payments/{paymentId}",
      "/api/me/payments",
      "/chain",
    ]) {
      expect(body.paths, path).to.have.property(path);
    }
  });
});
