// ERC-7677 pm_getPaymasterData(userOperation, entryPoint, chainId, context) → the signed
// paymaster fields, after every policy check; the sponsorship is counted against the caps.
import { numberToHex } from "viem";
import { assertChain, assertEntryPoint } from "../checks.ts";
import { defineRpcMethod } from "../method.ts";
import { paymasterParams } from "../schemas.ts";

export const pmGetPaymasterData = defineRpcMethod({
  name: "pm_getPaymasterData",
  params: paymasterParams,
  accountOf: ([op]) => op.sender,
  handler: async ([op, entryPointAddress, chainId], context) => {
    assertEntryPoint(context.config, entryPointAddress);
    assertChain(context.config, chainId);
    const { paymasterVerificationGasLimit, paymasterPostOpGasLimit, ...signed } = await context.sponsor.paymasterData(op);
    return {
      ...signed,
      paymasterVerificationGasLimit: numberToHex(paymasterVerificationGasLimit),
      paymasterPostOpGasLimit: numberToHex(paymasterPostOpGasLimit),
    };
  },
});
