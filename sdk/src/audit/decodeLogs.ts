// Decodes raw JSON-RPC logs of known events fast. An audit decodes hundreds of thousands of logs, and the
// escrow's and FX router's receipts hold only one-word static types (address, bool, uintN, bytesN), whose
// ABI encoding is one 32-byte word per field: those are read by slicing the hex. Any other event (dynamic
// or signed fields) goes through viem's decodeEventLog. Both return viem's shapes (bigint above 48 bits).
import { type AbiEvent, type AbiParameter, type Hex, type RpcLog, decodeEventLog, toEventSelector } from "viem";
import { AuditError } from "./errors.ts";

export type DecodedLog = { eventName: string; args: Record<string, unknown>; log: RpcLog };

type WordReader = (word: string) => unknown;

/** How to read one 64-hex-digit word of `type`, or undefined when it is not a one-word static type. */
function wordReader(parameter: AbiParameter): WordReader | undefined {
  const { type } = parameter;
  if (type === "address") return (word) => `0x${word.slice(24)}`.toLowerCase();
  if (type === "bool") return (word) => word.endsWith("1");
  const uint = /^uint(\d+)$/.exec(type);
  if (uint) return Number(uint[1]) > 48 ? (word) => BigInt(`0x${word}`) : (word) => Number.parseInt(word, 16);
  const bytes = /^bytes(\d+)$/.exec(type);
  if (bytes) return (word) => `0x${word.slice(0, Number(bytes[1]) * 2)}`.toLowerCase();
  return undefined;
}

type EventPlan = { event: AbiEvent; fast: { name: string; read: WordReader; topic?: number; word?: number }[] | undefined };

function plan(event: AbiEvent): EventPlan {
  const fields: NonNullable<EventPlan["fast"]> = [];
  let topic = 1;
  let word = 0;
  for (const input of event.inputs) {
    const read = wordReader(input);
    if (!read || !input.name) return { event, fast: undefined };
    fields.push(input.indexed ? { name: input.name, read, topic: topic++ } : { name: input.name, read, word: word++ });
  }
  return { event, fast: fields };
}

/** A decoder for `events`: undefined for a log of any other event (or an anonymous one); throws on a malformed log. */
export function createLogDecoder(events: readonly AbiEvent[]): (log: RpcLog) => DecodedLog | undefined {
  const plans = new Map<string, EventPlan>(events.map((event) => [toEventSelector(event).toLowerCase(), plan(event)]));
  return (log) => {
    const selector = log.topics[0]?.toLowerCase();
    const found = selector ? plans.get(selector) : undefined;
    if (!found) return undefined;
    if (!found.fast) {
      const decoded = decodeEventLog({ abi: [found.event], data: log.data, topics: log.topics as [Hex, ...Hex[]], strict: true });
      return { eventName: decoded.eventName as string, args: decoded.args as Record<string, unknown>, log };
    }
    const args: Record<string, unknown> = {};
    const data = log.data.slice(2);
    for (const field of found.fast) {
      const word = field.topic !== undefined ? log.topics[field.topic]?.slice(2) : data.slice(field.word! * 64, field.word! * 64 + 64);
      if (word === undefined || word.length !== 64) {
        throw new AuditError(`A ${found.event.name} log is too short for its event.`, {
          details: `Transaction ${log.transactionHash}, log ${log.logIndex}: field ${field.name} is missing.`,
        });
      }
      args[field.name] = field.read(word);
    }
    return { eventName: found.event.name, args, log };
  };
}
