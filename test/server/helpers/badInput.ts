// Building blocks of the bad-input battery (test/server/badInput.test.ts): malformed values
// for each kind of JSON-RPC parameter, mutations of a user operation field by field, a
// runner that sends many cases with bounded concurrency and collects every answer that is
// not a proper refusal, and raw HTTP requests that fetch cannot make.
import { connect } from "node:net";
import { rpcErrorCodes } from "../../../server/src/errors/rpc.ts";

export type Answer = { status: number; body: any; text: string };

export type Case = {
  name: string;
  send(): Promise<Answer>;
  /** Returns what is wrong with the answer, or undefined when it is a proper refusal. */
  judge(answer: Answer): string | undefined;
};

const overUint256 = `0x1${"0".repeat(64)}`;
const overUint120 = `0x1${"0".repeat(30)}`;

/** Values that are not an address, whatever the parameter. */
export const badAddresses: unknown[] = [
  null,
  1,
  true,
  {},
  [],
  "",
  "0x",
  "0x1234",
  `0x${"g".repeat(40)}`,
  `0x${"a".repeat(39)}`,
  `0x${"a".repeat(41)}`,
  "a".repeat(40),
  ` 0x${"a".repeat(40)}`,
  `0x${"a".repeat(40)}\u0000`,
];

/** Values that are not a hex quantity below 2^256. */
export const badQuantities: unknown[] = [
  null,
  7,
  -1,
  1.5,
  true,
  {},
  [],
  "",
  "0x",
  "12",
  "-0x1",
  "0x-1",
  "0xg",
  "0X1",
  " 0x1",
  "1e18",
  overUint256,
  `0x${"f".repeat(65)}`,
  Number.MAX_SAFE_INTEGER * 4,
];

/** Gas and fee fields are packed in 120 bits (EntryPoint v0.8): above that is refused too. */
export const badGasValues: unknown[] = [...badQuantities, overUint120, `0x${"f".repeat(31)}`];

/** Values that are not 0x-prefixed hex bytes within `maxBytes`. */
export const badBytes = (maxBytes: number): unknown[] => [
  null,
  1,
  true,
  {},
  [],
  "abcd",
  "0xabc",
  "0xzz",
  "0X00",
  "0x 00",
  `0x${"00".repeat(maxBytes + 1)}`,
];

export const badHashes: unknown[] = [null, 1, true, {}, [], "", "0x", `0x${"a".repeat(63)}`, `0x${"a".repeat(65)}`, `0x${"g".repeat(64)}`, "a".repeat(64)];

export const badChainIds: unknown[] = [null, true, {}, [], "", "0x", "abc", "-1", -1, 1.5, `0x${"f".repeat(17)}`, "31337"];

/** The ERC-7677 context: an object or null; anything else is refused. */
export const badContexts: unknown[] = [1, true, "x", [], [1]];

/** Field → malformed values, for a user operation in its RPC form. */
export const userOperationFieldValues: Record<string, unknown[]> = {
  sender: badAddresses,
  nonce: badQuantities,
  factory: badAddresses.filter((value) => value !== null),
  factoryData: badBytes(32_768).filter((value) => value !== null),
  callData: badBytes(65_536),
  callGasLimit: badGasValues,
  verificationGasLimit: badGasValues,
  preVerificationGas: badGasValues,
  maxFeePerGas: badGasValues,
  maxPriorityFeePerGas: badGasValues,
  paymaster: badAddresses.filter((value) => value !== null),
  paymasterVerificationGasLimit: badGasValues.filter((value) => value !== null),
  paymasterPostOpGasLimit: badGasValues.filter((value) => value !== null),
  paymasterData: badBytes(8_192).filter((value) => value !== null),
  signature: badBytes(16_384),
  eip7702Auth: [{ address: `0x${"1".repeat(40)}`, chainId: "0x1", nonce: "0x0", r: "0x1", s: "0x1", yParity: "0x0" }, 1, "x"],
};

/** JSON-RPC error codes a refusal may carry: JSON-RPC 2.0's and ERC-4337's (-32603 is a fault of ours). */
export const refusalCodes = new Set<number>(
  Object.values(rpcErrorCodes).filter((code) => code !== rpcErrorCodes.internalError),
);

/** A JSON-RPC error with a standard refusal code, a message and a reason. */
export function rpcRefusal(error: any, expectedCode?: number): string | undefined {
  if (!error || typeof error !== "object") return "no error object";
  if (!refusalCodes.has(error.code)) return `code ${error.code} is not a refusal code`;
  if (expectedCode !== undefined && error.code !== expectedCode) return `code ${error.code}, expected ${expectedCode}`;
  if (typeof error.message !== "string" || error.message.length === 0) return "no message";
  if (typeof error.data?.reason !== "string") return "no data.reason";
  return undefined;
}

/** An HTTP refusal: a 4xx status and `{ error: { reason, message } }`. */
export function httpRefusal(answer: Answer, expectedStatus?: number): string | undefined {
  if (answer.status < 400 || answer.status >= 500) return `status ${answer.status}`;
  if (expectedStatus !== undefined && answer.status !== expectedStatus) return `status ${answer.status}, expected ${expectedStatus}`;
  if (typeof answer.body?.error?.reason !== "string") return `no error.reason in ${answer.text.slice(0, 200)}`;
  if (typeof answer.body?.error?.message !== "string") return "no error.message";
  return undefined;
}

export async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/** Sends raw bytes over a socket (what fetch refuses to send) and reads the status line. */
export function rawHttp(host: string, port: number, bytes: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let received = "";
    socket.setTimeout(5_000, () => {
      socket.destroy();
      reject(new Error("no answer within 5 s"));
    });
    socket.on("connect", () => socket.end(bytes));
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1] ?? 0);
      const text = received.split("\r\n\r\n").slice(1).join("\r\n\r\n");
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      resolve({ status, body, text });
    });
  });
}

/** Runs every case (a few at a time) and returns a line per case whose answer is not a proper refusal. */
export async function runCases(cases: readonly Case[], concurrency = 6): Promise<string[]> {
  const offenders: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const item = cases[next++]!;
      try {
        const answer = await item.send();
        const problem = item.judge(answer);
        if (problem) offenders.push(`${item.name}: ${problem} — ${answer.status} ${answer.text.slice(0, 300)}`);
      } catch (error) {
        offenders.push(`${item.name}: the request failed: ${String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return offenders;
}
