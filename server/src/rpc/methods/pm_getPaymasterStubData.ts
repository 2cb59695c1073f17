// ERC-7677 pm_getPaymasterStubData(userOperation, entryPoint, chainId, context) → paymaster
// fields for gas estimation, after the policy's checks (so a refusal comes early).
import { numberToHex } from "viem";
import { assertChain, assertEntryPoint } from "../checks.ts";
import { defineRpcMethod } from "../method.ts";
import { paymasterParams } from "../schemas.ts";

export const pmGetPaymasterStubData = defineRpcMethod({
  name: "pm_getPaymasterStubData",
  params: paymasterParams,
  accountOf: ([op]) => op.sender,
  handler: async ([op, entryPointAddress, chainId], context) => {
    assertEntryPoint(context.config, entryPointAddress);
    assertChain(context.config, chainId);
    const { paymasterVerificationGasLimit, paymasterPostOpGasLimit, ...stub } = await context.sponsor.stubData(op);
    return {
      ...stub,
      paymasterVerificationGasLimit: numberToHex(paymasterVerificationGasLimit),
      paymasterPostOpGasLimit: numberToHex(paymasterPostOpGasLimit),
    };
  },
});
