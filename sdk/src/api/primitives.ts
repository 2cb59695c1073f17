// The value shapes the relayer's REST API is written in, as zod schemas. Money is a decimal
// string of token base units (never a JSON number); addresses and hashes are 0x-hex, typed as
// viem's `Address` / `Hex` through template literals so `z.infer` gives the web viem's types.
// Inputs are checked strictly and normalised (lower-case); outputs are what the relayer writes.
import { z } from "zod";

/** The escrow caps an amount at type(uint120).max. */
export const maxAmount = 2n ** 120n - 1n;

/** Token base units in: a decimal string, read as a bigint of at most 2^120 - 1. */
export const baseUnits = z
  .string()
  .regex(/^\d{1,37}$/, "must be a decimal string of token base units")
  .transform((value) => BigInt(value))
  .refine((value) => value <= maxAmount, "must be at most 2^120 - 1");

/** A store, request or user id in a path. */
export const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be an id");

/** 32 bytes of hex in (a transaction hash, a payment id), lower-cased. */
export const hex32In = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be 32 bytes of hex")
  .transform((value) => value.toLowerCase() as `0x${string}`);

/** A 20-byte address in, lower-cased. */
export const addressIn = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 20-byte hex address")
  .transform((value) => value.toLowerCase() as `0x${string}`);

/** The currencies a store can settle in. */
export const currency = z.enum(["USD", "EUR"]);

/** An address out (checksummed or lower-case hex). */
export const address = z.templateLiteral(["0x", z.string().regex(/^[0-9a-fA-F]{40}$/)]);

/** A 32-byte hash out (transaction hash, payment id, line-items hash). */
export const hash = z.templateLiteral(["0x", z.string().regex(/^[0-9a-fA-F]{64}$/)]);

/** Bytes out (call data). */
export const bytes = z.templateLiteral(["0x", z.string().regex(/^(?:[0-9a-fA-F]{2})*$/)]);

/** Token base units out: a decimal string. */
export const money = z.string();

/** `?limit=` of the list routes. */
export const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
