// `npm run audit` options, parsed once with zod: what to audit (merchant and period, or a receipt), where
// the chain is (an RPC URL and the deployment's addresses), where the relayer's ledger is, and where the
// reports go. Dates are UTC days: `--from 2025-03-01 --to 2025-03-31` is all of March, both days included.
import { parseArgs } from "node:util";
import { z } from "zod";
import { isPeriodDate, periodDatePattern } from "@paykey/sdk/audit";

const blockNumber = z.string().regex(/^\d+$/, "must be a block number").transform(BigInt);
const date = z.string().regex(periodDatePattern, "must be a date (YYYY-MM-DD) or an ISO instant").refine(isPeriodDate, "is not a valid date");

export const auditOptions = z
  .object({
    command: z.enum(["reconcile", "receipt"]),
    ref: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be a payment id, transaction hash or user-operation hash (32 bytes of hex)").optional(),
    merchant: z.string().regex(/^\d+$/, "must be a merchant id").transform(BigInt).optional(),
    from: date.optional(),
    to: date.optional(),
    fromBlock: blockNumber.optional(),
    toBlock: blockNumber.optional(),
    rpc: z.string().url(),
    deployment: z.string().optional(),
    escrow: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be an address").optional(),
    entryPoint: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be an address").optional(),
    startBlock: blockNumber.optional(),
    confirmations: z.string().regex(/^\d+$/).transform(BigInt).default(0n),
    db: z.string().min(1).optional(),
    dbSchema: z.string().optional(),
    out: z.string().default("audit-reports"),
    quiet: z.boolean().default(false),
  })
  .refine((options) => options.command !== "reconcile" || options.merchant !== undefined, { message: "--merchant is required", path: ["merchant"] })
  .refine((options) => options.command !== "receipt" || options.ref !== undefined, { message: "receipt needs a reference: npm run audit -- receipt 0x…", path: ["ref"] });

export type AuditOptions = z.infer<typeof auditOptions>;

export const usage = `Usage:
  npm run audit -- --merchant N [--from DATE] [--to DATE] [--rpc URL] [--db URL] [--out DIR]
  npm run audit -- receipt <payment id | transaction hash | user-operation hash> [--rpc URL] [--db URL]

  --from, --to          UTC days (YYYY-MM-DD, both included) or ISO instants (--to exclusive); default: all
  --from-block, --to-block   the period in blocks instead
  --rpc URL             the chain's JSON-RPC (default $RPC_URL or http://127.0.0.1:8545)
  --deployment FILE     addresses and start block (default deployments/<chainId>.json);
                        --escrow, --entry-point, --start-block override it
  --confirmations N     read only blocks with N blocks on top (default 0)
  --db URL              the relayer's ledger: postgres://… or a PGlite data directory (read-only);
                        --db-schema NAME for DATABASE_SCHEMA. Without --db: rebuild and check the chain only
  --out DIR             where the JSON and CSV reports go (default audit-reports/)
  --quiet               no progress on stderr

Exit status: 0 when the books reconcile and conservation holds, 1 on any unexplained difference or
broken conservation (or a receipt that does not verify), 2 on bad usage or an unreachable chain/database.`;

/** Parses `argv` (without node and the script) and the environment's RPC_URL. */
export function parseAuditOptions(argv: readonly string[], env: Record<string, string | undefined>): AuditOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      merchant: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      "from-block": { type: "string" },
      "to-block": { type: "string" },
      rpc: { type: "string" },
      deployment: { type: "string" },
      escrow: { type: "string" },
      "entry-point": { type: "string" },
      "start-block": { type: "string" },
      confirmations: { type: "string" },
      db: { type: "string" },
      "db-schema": { type: "string" },
      out: { type: "string" },
      quiet: { type: "boolean" },
    },
  });
  const [command, ref] = positionals[0] === "receipt" ? ["receipt", positionals[1]] : ["reconcile", undefined];
  return auditOptions.parse({
    command,
    ref,
    merchant: values.merchant,
    from: values.from,
    to: values.to,
    fromBlock: values["from-block"],
    toBlock: values["to-block"],
    rpc: values.rpc ?? env.RPC_URL ?? "http://127.0.0.1:8545",
    deployment: values.deployment,
    escrow: values.escrow,
    entryPoint: values["entry-point"],
    startBlock: values["start-block"],
    confirmations: values.confirmations,
    db: values.db,
    dbSchema: values["db-schema"],
    out: values.out,
    quiet: values.quiet,
  });
}
