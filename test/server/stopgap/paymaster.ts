// STOPGAP until SponsorPaymaster and the test stablecoins land on main: an OpenZeppelin
// PaymasterSigner + SignerECDSA paymaster for EntryPoint v0.8, compiled here with the npm
// `solc` (cached under cache/) so the executor and paymaster RPC can be tested against a
// real paymaster signature check, and a 6-decimal token whose approve can be made to revert
// (freeze). Delete this file when the real contracts are deployed by
// scripts/deploy.ts.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Abi, Address, Hex } from "viem";

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, "..", "..", "..");

const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import {PaymasterSigner} from "@openzeppelin/contracts/account/paymaster/extensions/PaymasterSigner.sol";
import {Paymaster} from "@openzeppelin/contracts/account/paymaster/Paymaster.sol";
import {SignerECDSA} from "@openzeppelin/contracts/utils/cryptography/signers/SignerECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IEntryPoint} from "@openzeppelin/contracts/interfaces/IERC4337.sol";

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

contract StopgapToken is ERC20 {
    error AccountFrozen(address account);
    mapping(address => bool) public frozen;
    constructor() ERC20("Stopgap USD", "SUSD") {}
    function decimals() public pure override returns (uint8) { return 6; }
    function mint(address to, uint256 amount) external { _mint(to, amount); }
    function freeze(address account) external { frozen[account] = true; }
    function approve(address spender, uint256 value) public override returns (bool) {
        if (frozen[msg.sender]) revert AccountFrozen(msg.sender);
        return super.approve(spender, value);
    }
}

contract StopgapPaymaster is PaymasterSigner, SignerECDSA {
    IEntryPoint private immutable _ep;
    constructor(IEntryPoint ep, address signerAddr) EIP712("StopgapPaymaster", "1") SignerECDSA(signerAddr) { _ep = ep; }
    function entryPoint() public view override returns (IEntryPoint) { return _ep; }
    function deposit() external payable { _deposit(msg.value); }
}
`;

export type CompiledContract = { abi: Abi; bytecode: Hex };

export function stopgapPaymaster(): CompiledContract {
  return stopgapContracts().StopgapPaymaster;
}

export function stopgapToken(): CompiledContract {
  return stopgapContracts().StopgapToken;
}

function stopgapContracts(): Record<"StopgapPaymaster" | "StopgapToken", CompiledContract> {
  const solc = require("solc") as { compile(input: string, options: { import(path: string): { contents: string } | { error: string } }): string };
  const hash = createHash("sha256").update(source).update(require("solc/package.json").version).digest("hex").slice(0, 16);
  const cacheFile = join(root, "cache", `stopgap-paymaster-${hash}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, "utf8")) as Record<"StopgapPaymaster" | "StopgapToken", CompiledContract>;

  const input = {
    language: "Solidity",
    sources: { "StopgapPaymaster.sol": { content: source } },
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague", outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import(path: string) {
        try {
          return { contents: readFileSync(join(root, "node_modules", path), "utf8") };
        } catch {
          return { error: `not found: ${path}` };
        }
      },
    }),
  ) as { errors?: { severity: string; formattedMessage: string }[]; contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>> };
  const errors = (output.errors ?? []).filter((error) => error.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join("\n"));
  const unit = output.contracts["StopgapPaymaster.sol"]!;
  const compiled = Object.fromEntries(
    (["StopgapPaymaster", "StopgapToken"] as const).map((name) => [name, { abi: unit[name]!.abi, bytecode: `0x${unit[name]!.evm.bytecode.object}` as Hex }]),
  ) as Record<"StopgapPaymaster" | "StopgapToken", CompiledContract>;
  mkdirSync(join(root, "cache"), { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(compiled));
  return compiled;
}

export type StopgapPaymasterDeployment = { address: Address };
