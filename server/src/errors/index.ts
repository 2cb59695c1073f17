export { BaseError, walk, type BaseErrorParameters } from "./base.ts";
export { HttpError, NotFoundError, UnauthenticatedError } from "./http.ts";
export {
  InvalidParamsError,
  MethodNotFoundError,
  RpcError,
  SponsorshipRefusedError,
  rpcErrorCodes,
  type RpcErrorCode,
  type RpcErrorData,
} from "./rpc.ts";
