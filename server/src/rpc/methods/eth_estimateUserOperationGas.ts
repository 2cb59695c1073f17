// eth_estimateUserOperationGas(userOperation, entryPoint) → gas limits, measured by
// simulation (signatures may be stubs). Refuses an operation whose execution reverts.
import { numberToHex } from "viem";
import { z } from "zod";
import { paymasterVerificationGas } from "../../sponsor/sponsor.ts";
import { assertEntryPoint } from "../checks.ts";
import { defineRpcMethod } from "../method.ts";
import { entryPoint, partialUserOperation } from "../schemas.ts";

export const ethEstimateUserOperationGas = defineRpcMethod({
  name: "eth_estimateUserOperationGas",
  params: z.union([z.tuple([partialUserOperation, entryPoint]), z.tuple([partialUserOperation, entryPoint, z.record(z.string(), z.unknown())])]),
  accountOf: ([op]) => op.sender,
  handler: async ([op, entryPointAddress], context) => {
    assertEntryPoint(context.config, entryPointAddress);
    const ours = context.config.contracts.paymaster.toLowerCase();
    const gas = await context.simulator.estimate(op, {
      paymasterVerificationGas: (paymaster) => (paymaster.toLowerCase() === ours ? paymasterVerificationGas : undefined),
    });
    return {
      preVerificationGas: numberToHex(gas.preVerificationGas),
      verificationGasLimit: numberToHex(gas.verificationGasLimit),
      callGasLimit: numberToHex(gas.callGasLimit),
      ...(gas.paymasterVerificationGasLimit !== undefined ? { paymasterVerificationGasLimit: numberToHex(gas.paymasterVerificationGasLimit) } : {}),
      ...(gas.paymasterPostOpGasLimit !== undefined ? { paymasterPostOpGasLimit: numberToHex(gas.paymasterPostOpGasLimit) } : {}),
    };
  },
});
