// The routes the web app reads before anyone signs in: GET /api/config (chain, contracts,
// tokens, faucet) and the read-only chain proxy POST /chain, which forwards reads to the
// chain and refuses everything else (-32601), plus their place in /openapi.json.
import { expect } from "chai";
import { BaseError, ContractFunctionRevertedError, createPublicClient, erc20Abi, http, zeroHash } from "viem";
import { hardhat } from "viem/chains";
import { devAccount, devAccountRoles } from "../../../scripts/lib/devAccounts.ts";
import { chainReadMethods } from "../../../server/src/commerce/chainProxy.ts";
import { iPaymentEscrowAbi } from "@paykey/sdk/contracts";
import { sharedCommerceFixture, type CommerceFixture } from "./helpers.ts";
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
