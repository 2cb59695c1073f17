// Every JSON-RPC method the relayer serves on POST /rpc.
import type { RpcMethod } from "../method.ts";
import { ethChainId } from "./eth_chainId.ts";
import { ethEstimateUserOperationGas } from "./eth_estimateUserOperationGas.ts";
import { ethGetUserOperationByHash } from "./eth_getUserOperationByHash.ts";
import { ethGetUserOperationReceipt } from "./eth_getUserOperationReceipt.ts";
import { ethSendUserOperation } from "./eth_sendUserOperation.ts";
import { ethSupportedEntryPoints } from "./eth_supportedEntryPoints.ts";
import { paykeyGetUserOperationStatus } from "./paykey_getUserOperationStatus.ts";
import { pmGetPaymasterData } from "./pm_getPaymasterData.ts";
import { pmGetPaymasterStubData } from "./pm_getPaymasterStubData.ts";

export const rpcMethods: readonly RpcMethod[] = [
  ethChainId,
  ethSupportedEntryPoints,
  ethSendUserOperation,
  ethEstimateUserOperationGas,
  ethGetUserOperationByHash,
  ethGetUserOperationReceipt,
  pmGetPaymasterStubData,
  pmGetPaymasterData,
  paykeyGetUserOperationStatus,
];
