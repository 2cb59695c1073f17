// Small helpers for the project's own scripts: run a command, streaming its output.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const hardhatBin = resolve(projectRoot, "node_modules", ".bin", "hardhat");

export type RunResult = { code: number; output: string };

/**
 * Runs a command in the project root, echoing its output, and returns exit code and output.
 * `onOutput` sees each chunk of stdout and stderr after it is echoed.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  onOutput?: (chunk: string) => void,
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: projectRoot,
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
      onOutput?.(chunk.toString());
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
      onOutput?.(chunk.toString());
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolvePromise({ code: code ?? (signal ? 1 : 0), output }));
  });
}
