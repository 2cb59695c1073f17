// keccak-256 of hex data in WebAssembly (hash-wasm), for the relayer's hot paths: the call data
// of every operation (over 1 KB) and its digests, and each bundle transaction (tens of kB, hashed
// to sign it and again for its hash). On this project's 2-core machine viem's JavaScript keccak
// took 102 µs for 1.2 kB and 2.8 ms for 40 kB; this one 8.7 µs and 0.16 ms. Same function:
// test/server/keccak.test.ts compares the two on random inputs.
import { createKeccak } from "hash-wasm";
import { keccak256 as viemKeccak256, type Hex } from "viem";

const hasher = await createKeccak(256);

export function keccak256(data: Hex): Hex {
  const bytes = Buffer.from(data.slice(2), "hex");
  // Buffer.from stops at the first character that is not hex: anything but well-formed hex
  // (odd length, stray characters) goes to viem, which decides what it means.
  if (bytes.length * 2 !== data.length - 2) return viemKeccak256(data);
  // Synchronous from init to digest: calls cannot interleave on the one hasher.
  hasher.init();
  hasher.update(bytes);
  return `0x${hasher.digest("hex")}`;
}
