// STOPGAP until the wallet module (web/src/wallet/, PaykeyAccount) lands: eth-infinitism's
// SimpleAccount v0.8 as a viem SmartAccount, owned by an ECDSA key. Used to drive the
// relayer with viem's bundler and paymaster clients. Delete once PaykeyAccount is used.
import { decodeFunctionData, encodeFunctionData, keccak256, parseAbi, toHex, type Address, type Chain, type Client, type Hex, type Transport } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { entryPoint08Abi, getUserOperationHash, toSmartAccount, type UserOperation } from "viem/account-abstraction";

const accountAbi = parseAbi([
  "function execute(address target, uint256 value, bytes data)",
  "function executeBatch((address target, uint256 value, bytes data)[] calls)",
]);
const factoryAbi = parseAbi([
  "function createAccount(address owner, uint256 salt) returns (address)",
  "function getAddress(address owner, uint256 salt) view returns (address)",
]);

// A real signature by an unrelated key: SimpleAccount's ECDSA.recover accepts its format and
// then reports a signature failure, which is what estimation needs.
const stubKey = privateKeyToAccount("0x0000000000000000000000000000000000000000000000000000000000000001");
const stubSignature = await stubKey.sign({ hash: keccak256(toHex("paykey stub")) });

export async function toStopgapSimpleAccount(parameters: {
  client: Client<Transport, Chain | undefined, undefined>;
  owner: PrivateKeyAccount;
  factory: Address;
  entryPoint: Address;
  salt?: bigint;
}) {
  const { client, owner, factory, entryPoint } = parameters;
  const salt = parameters.salt ?? 0n;
  return toSmartAccount({
    client,
    entryPoint: { abi: entryPoint08Abi, address: entryPoint, version: "0.8" },
    async decodeCalls(data: Hex) {
      const decoded = decodeFunctionData({ abi: accountAbi, data });
      if (decoded.functionName === "execute") return [{ to: decoded.args[0], value: decoded.args[1], data: decoded.args[2] }];
      return decoded.args[0].map((call) => ({ to: call.target, value: call.value, data: call.data }));
    },
    async encodeCalls(calls) {
      if (calls.length === 1) {
        const [call] = calls;
        return encodeFunctionData({ abi: accountAbi, functionName: "execute", args: [call!.to, call!.value ?? 0n, call!.data ?? "0x"] });
      }
      return encodeFunctionData({
        abi: accountAbi,
        functionName: "executeBatch",
        args: [calls.map((call) => ({ target: call.to, value: call.value ?? 0n, data: call.data ?? "0x" }))],
      });
    },
    async getAddress() {
      const { readContract } = await import("viem/actions");
      return readContract(client, { address: factory, abi: factoryAbi, functionName: "getAddress", args: [owner.address, salt] });
    },
    async getFactoryArgs() {
      return { factory, factoryData: encodeFunctionData({ abi: factoryAbi, functionName: "createAccount", args: [owner.address, salt] }) };
    },
    async getStubSignature() {
      return stubSignature;
    },
    async signMessage() {
      throw new Error("not supported by the stopgap account");
    },
    async signTypedData() {
      throw new Error("not supported by the stopgap account");
    },
    async signUserOperation(request) {
      const chainId = request.chainId ?? client.chain?.id ?? 31337;
      const { chainId: _, ...op } = request;
      const hash = getUserOperationHash({
        chainId,
        entryPointAddress: entryPoint,
        entryPointVersion: "0.8",
        userOperation: { ...op, sender: op.sender ?? (await this.getAddress()) } as UserOperation<"0.8">,
      });
      return owner.sign({ hash });
    },
  });
}
