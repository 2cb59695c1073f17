// STOPGAP until scripts/deploy.ts (deployPaykey) lands on main: deploys the EntryPoint v0.8,
// eth-infinitism's SimpleAccountFactory and the stopgap signer paymaster (funded), so the
// relayer can be exercised end to end. Delete with stopgap/paymaster.ts.
import { privateKeyToAccount } from "viem/accounts";
import { keccak256, concat, getAddress, parseEther, type Address, type Hex } from "viem";
import { devKeyIndices, hardhatDevKey } from "../../../server/src/config.ts";
import type { TestChain } from "../helpers/chain.ts";
import { stopgapPaymaster, stopgapToken } from "./paymaster.ts";

export type StopgapContracts = { entryPoint: Address; accountFactory: Address; paymaster: Address; token: Address; escrow: Address };

export async function deployStopgap(chain: TestChain): Promise<StopgapContracts> {
  const entryPoint = await chain.viem.deployContract("@account-abstraction/contracts/core/EntryPoint.sol:EntryPoint");
  const factory = await chain.viem.deployContract(
    "@account-abstraction/contracts/accounts/SimpleAccountFactory.sol:SimpleAccountFactory",
    [entryPoint.address],
  );
  const [deployer] = await chain.viem.getWalletClients();
  const publicClient = await chain.viem.getPublicClient();
  const { abi, bytecode } = stopgapPaymaster();
  const signer = privateKeyToAccount(hardhatDevKey(devKeyIndices.paymasterSigner)).address;
  const hash = await deployer!.deployContract({ abi, bytecode, args: [entryPoint.address, signer] });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  const paymaster = receipt.contractAddress!;
  await publicClient.waitForTransactionReceipt({
    hash: await deployer!.writeContract({ address: paymaster, abi, functionName: "deposit", value: parseEther("100") }),
  });
  const token = stopgapToken();
  const tokenReceipt = await publicClient.waitForTransactionReceipt({ hash: await deployer!.deployContract({ abi: token.abi, bytecode: token.bytecode }) });
  // No escrow contract yet: approvals to this address stand for approvals to the escrow.
  const escrow = getAddress("0x000000000000000000000000000000000000e5c0");
  return {
    entryPoint: getAddress(entryPoint.address),
    accountFactory: getAddress(factory.address),
    paymaster: getAddress(paymaster),
    token: getAddress(tokenReceipt.contractAddress!),
    escrow,
  };
}

/** Stopgap account-address prediction: a SimpleAccount owned by an address derived from the passkey. */
export function stopgapOwnerOf(passkey: { x: Hex; y: Hex }): Address {
  return getAddress(`0x${keccak256(concat([passkey.x, passkey.y])).slice(26)}`);
}
