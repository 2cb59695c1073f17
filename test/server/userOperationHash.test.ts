// The relayer's own v0.8 userOpHash (word-by-word EIP-712) against viem's getUserOperationHash
// and against the EntryPoint's getUserOpHash on a real chain, for operations with and
// without a factory and a paymaster, and with extreme values in every packed field.
import { expect } from "chai";
import { network } from "hardhat";
import { type Address, type Hex, maxUint256 } from "viem";
import { getUserOperationHash, toPackedUserOperation, type UserOperation } from "viem/account-abstraction";
import { userOperationHash } from "../../server/src/rpc/userOperation.ts";
import { entryPointAbi, entryPointBytecode } from "@paykey/sdk/contracts";

const maxUint120 = (1n << 120n) - 1n;
const address = (byte: string) => `0x${byte.repeat(20)}` as Address;

const operations: UserOperation<"0.8">[] = [
  {
    sender: address("12"),
    nonce: 0n,
    callData: "0x",
    callGasLimit: 0n,
    verificationGasLimit: 0n,
    preVerificationGas: 0n,
    maxFeePerGas: 0n,
    maxPriorityFeePerGas: 0n,
    signature: "0x",
  },
  {
    sender: address("ab"),
    nonce: (123n << 64n) + 7n,
    factory: address("cd"),
    factoryData: `0x${"5a".repeat(100)}` as Hex,
    callData: `0x${"e9".repeat(700)}` as Hex,
    callGasLimit: 150_000n,
    verificationGasLimit: 600_000n,
    preVerificationGas: 61_234n,
    maxFeePerGas: 2_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
    paymaster: address("ef"),
    paymasterVerificationGasLimit: 60_000n,
    paymasterPostOpGasLimit: 1n,
    paymasterData: `0x${"01".repeat(77)}` as Hex,
    signature: `0x${"ff".repeat(300)}` as Hex,
  },
  {
    sender: address("ff"),
    nonce: maxUint256,
    callData: "0x00",
    callGasLimit: maxUint120,
    verificationGasLimit: maxUint120,
    preVerificationGas: maxUint256,
    maxFeePerGas: maxUint120,
    maxPriorityFeePerGas: maxUint120,
    paymaster: address("01"),
    paymasterVerificationGasLimit: maxUint120,
    paymasterPostOpGasLimit: maxUint120,
    paymasterData: "0x",
    signature: "0x",
  },
];

describe("relayer: userOpHash", function () {
  it("equals viem's getUserOperationHash (v0.8) on several chains and EntryPoints", function () {
    for (const op of operations) {
      for (const [entryPoint, chainId] of [[address("44"), 31337], [address("43"), 8453], [address("00"), 1]] as const) {
        const expected = getUserOperationHash({ userOperation: op, entryPointAddress: entryPoint, entryPointVersion: "0.8", chainId });
        expect(userOperationHash(op, entryPoint, chainId)).to.equal(expected);
      }
    }
  });

  it("equals EntryPoint.getUserOpHash on chain", async function () {
    const { viem } = await network.create();
    const [deployer] = await viem.getWalletClients();
    const publicClient = await viem.getPublicClient();
    const hash = await deployer!.deployContract({ abi: entryPointAbi, bytecode: entryPointBytecode });
    const entryPoint = (await publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
    for (const op of operations) {
      const onChain = await publicClient.readContract({ address: entryPoint, abi: entryPointAbi, functionName: "getUserOpHash", args: [toPackedUserOperation(op)] });
      expect(userOperationHash(op, entryPoint, await publicClient.getChainId())).to.equal(onChain);
    }
  });
});
