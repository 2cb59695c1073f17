// Structured logs (pino). Secrets and personal data never reach a log line: tokens, cookies,
// keys and names are redacted by path, and request logs carry no IP address or body.
import { pino, type Logger } from "pino";

export type { Logger } from "pino";

export const redactedPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.privateKey",
  "*.privateKeys",
  "*.token",
  "*.sessionToken",
  "*.displayName",
  "*.name",
  "*.keys",
  "config.keys",
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: "paykey-relayer" },
      redact: { paths: redactedPaths, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}
