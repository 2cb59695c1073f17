// Builds, sponsors, signs and submits Paykey user operations the way the relayer will: the wallet module
// encodes the calls, the sponsor key signs the paymaster data first, the passkey signs the v0.8 userOpHash
// last, and the executor sends `EntryPoint.handleOps` (no bundler server yet).
import { expect } from "chai";
import { type Address, type Hash, type Hex, type LocalAccount, decodeEventLog, parseGwei } from "viem";
import { type UserOperation, toPackedUserOperation } from "viem/account-abstraction";
import { entryPointAbi } from "@paykey/sdk/contracts";
import type { WalletCall } from "@paykey/sdk/wallet";
import { signSponsorship } from "@paykey/sdk/wallet";
import { type ToPaykeyAccountReturnType, toPaykeyAccount } from "@paykey/sdk/wallet";
import type { SoftwarePasskey } from "./softwarePasskey.ts";
import type { WalletFixture } from "./walletFixture.ts";

/** Gas fields of a test operation: generous limits (the Solidity P-256 fallback needs ~300k to verify). */
export const testOperationGas = {
  verificationGasLimit: 800_000n,
  callGasLimit: 400_000n,
  preVerificationGas: 60_000n,
  paymasterVerificationGasLimit: 60_000n,
  paymasterPostOpGasLimit: 0n,
  maxFeePerGas: parseGwei("20"),
  maxPriorityFeePerGas: parseGwei("1"),
} as const;

/** The Paykey account of `passkey` on the fixture's chain (counterfactual until its first operation). */
export async function paykeyAccountOf(
  fixture: WalletFixture,
  passkey: SoftwarePasskey,
  options: { salt?: bigint; initialPublicKey?: Hex; address?: Address } = {},
): Promise<ToPaykeyAccountReturnType> {
  return toPaykeyAccount({
    client: fixture.publicClient,
    owner: passkey.account,
    factoryAddress: fixture.factory.address,
    entryPointAddress: fixture.entryPoint.address,
    ...options,
  });
}

export type PrepareOperationOptions = {
  /** Sponsorship window; from now until an hour later by default. */
  validAfter?: number;
  validUntil?: number;
  /** Chain id the passkey signs for (tests of cross-chain replay); the fixture's by default. */
  signChainId?: number;
  /** Overrides of the operation before sponsorship and signing. */
  overrides?: Partial<UserOperation<"0.8">>;
  /** Leave the operation unsponsored (no paymaster). */
  unsponsored?: boolean;
  /** Key that signs the sponsorship; the fixture's sponsor key by default (another key forges it). */
  sponsorSigner?: LocalAccount;
};

/** Builds an operation executing `calls`, sponsored by the fixture's paymaster and signed by the account's passkey. */
export async function prepareSponsoredOperation(
  fixture: WalletFixture,
  account: ToPaykeyAccountReturnType,
  calls: readonly WalletCall[],
  options: PrepareOperationOptions = {},
): Promise<UserOperation<"0.8">> {
  const { factory, factoryData } = await account.getFactoryArgs();
  const { timestamp } = await fixture.publicClient.getBlock();
  let operation: UserOperation<"0.8"> = {
    sender: account.address,
    nonce: await account.getNonce(),
    ...(factory && factoryData ? { factory, factoryData } : {}),
    callData: await account.encodeCalls(calls),
    ...testOperationGas,
    signature: "0x",
    ...options.overrides,
  };
  if (!options.unsponsored) {
    const sponsorship = await signSponsorship({
      signer: options.sponsorSigner ?? fixture.sponsorSigner,
      paymasterAddress: fixture.paymaster.address,
      chainId: fixture.chainId,
      userOperation: {
        ...operation,
        paymasterVerificationGasLimit: operation.paymasterVerificationGasLimit ?? testOperationGas.paymasterVerificationGasLimit,
      },
      validAfter: options.validAfter ?? 0,
      validUntil: options.validUntil ?? Number(timestamp) + 3600,
    });
    operation = { ...operation, ...sponsorship };
  }
  const signature = await account.signUserOperation({ ...operation, chainId: options.signChainId ?? fixture.chainId });
  return { ...operation, signature };
}

/** Sends `EntryPoint.handleOps(operations)` from the relayer's executor. */
export function sendOperations(fixture: WalletFixture, operations: readonly UserOperation<"0.8">[]): Promise<Hash> {
  return fixture.entryPointAsExecutor.write.handleOps([
    operations.map((operation) => toPackedUserOperation(operation)),
    fixture.executor.account.address,
  ]);
}

export type OperationOutcome = {
  userOpHash: Hex;
  sender: Address;
  success: boolean;
  actualGasUsed: bigint;
  /** Revert data of the account's execution when `success` is false. */
  revertReason?: Hex;
};

/** Waits for a handleOps transaction and returns each operation's outcome (UserOperationEvent), plus gasUsed. */
export async function operationOutcomes(fixture: WalletFixture, hash: Hash) {
  const receipt = await fixture.publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).to.equal("success");
  const outcomes = new Map<Hex, OperationOutcome>();
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== fixture.entryPoint.address.toLowerCase()) continue;
    const event = decodeEventLog({ abi: entryPointAbi, data: log.data, topics: log.topics, strict: false });
    if (event.eventName === "UserOperationEvent") {
      const { userOpHash, sender, success, actualGasUsed } = event.args as OperationOutcome;
      outcomes.set(userOpHash, { ...outcomes.get(userOpHash), userOpHash, sender, success, actualGasUsed });
    } else if (event.eventName === "UserOperationRevertReason") {
      const { userOpHash, sender, revertReason } = event.args as { userOpHash: Hex; sender: Address; revertReason: Hex };
      outcomes.set(userOpHash, { success: false, actualGasUsed: 0n, ...outcomes.get(userOpHash), userOpHash, sender, revertReason });
    }
  }
  return { receipt, gasUsed: receipt.gasUsed, outcomes: [...outcomes.values()] };
}

/** Sends the operations and asserts every one executed successfully. */
export async function sendAndExpectSuccess(fixture: WalletFixture, operations: readonly UserOperation<"0.8">[]) {
  const result = await operationOutcomes(fixture, await sendOperations(fixture, operations));
  expect(result.outcomes.map((outcome) => outcome.success)).to.deep.equal(operations.map(() => true));
  return result;
}
