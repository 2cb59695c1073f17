// The digest the sponsor key signs (OpenZeppelin PaymasterSigner's EIP-712
// `UserOperationRequest` under SponsorPaymaster's domain — what the SDK's
// getSponsorshipTypedData describes), computed the way the relayer computes userOpHash: the
// type hash and each paymaster's domain separator once, the struct word by word, and the
// call data's hash shared with userOperationHash. viem's generic typed-data encoder derives
// the types and the domain on every call: it was most of a sponsorship's signing cost.
// test/server/sponsorshipHash.test.ts holds it equal to viem's hashTypedData.
import { concat, numberToHex, pad, toHex, type Address, type Hex } from "viem";
import { keccak256 } from "../keccak.ts";
import { toPackedUserOperation, type UserOperation } from "viem/account-abstraction";
import { sponsorPaymasterDomain } from "@paykey/sdk/wallet";
import { callDataHash, domainSeparator } from "../rpc/userOperation.ts";

const requestTypehash = keccak256(
  toHex(
    "UserOperationRequest(address sender,uint256 nonce,bytes initCode,bytes callData,bytes32 accountGasLimits,uint256 preVerificationGas,bytes32 gasFees,uint256 paymasterVerificationGasLimit,uint256 paymasterPostOpGasLimit,uint48 validAfter,uint48 validUntil)",
  ),
);
const word = (value: bigint | number) => numberToHex(value, { size: 32 });

/** The EIP-712 digest of a sponsorship of `op` (its paymaster gas limits included) for `validAfter`..`validUntil`. */
export function sponsorshipDigest(
  op: UserOperation<"0.8">,
  parameters: { paymaster: Address; chainId: number; validAfter: number; validUntil: number },
): Hex {
  // paymasterAndData is not signed (it will hold this signature): only the paymaster's two gas limits are.
  const packed = toPackedUserOperation({ ...op, paymaster: undefined, paymasterData: undefined, signature: "0x" });
  const struct = keccak256(
    concat([
      requestTypehash,
      pad(packed.sender),
      word(packed.nonce),
      keccak256(packed.initCode),
      callDataHash(packed.callData),
      packed.accountGasLimits,
      word(packed.preVerificationGas),
      packed.gasFees,
      word(op.paymasterVerificationGasLimit ?? 0n),
      word(op.paymasterPostOpGasLimit ?? 0n),
      word(parameters.validAfter),
      word(parameters.validUntil),
    ]),
  );
  return keccak256(concat(["0x1901", domainSeparator(sponsorPaymasterDomain, parameters.paymaster, parameters.chainId), struct]));
}
