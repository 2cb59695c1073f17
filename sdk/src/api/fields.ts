// Field schemas every REST route of the relayer validates the same way: money as a decimal string of
// base units (at most the escrow's uint120 cap), url-safe ids, 32-byte hex, addresses (lowercased).
import { z } from "zod";

/** The escrow caps an amount at type(uint120).max. */
export const maxAmount = 2n ** 120n - 1n;

export const baseUnits = z
  .string()
  .regex(/^\d{1,37}$/, "must be a decimal string of token base units")
  .transform((value) => BigInt(value))
  .refine((value) => value <= maxAmount, "must be at most 2^120 - 1");

export const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be an id");

export const hex32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "must be 32 bytes of hex")
  .transform((value) => value.toLowerCase() as `0x${string}`);

export const addressIn = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "must be a 20-byte hex address")
  .transform((value) => value.toLowerCase() as `0x${string}`);
