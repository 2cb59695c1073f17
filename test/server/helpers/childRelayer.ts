// The relayer as a child process (`node server/src/main.ts`), configured only through its
// environment, as an operator runs it. Its JSON log lines are kept for assertions; it can be
// stopped cleanly (SIGTERM) or killed outright (SIGKILL) and started again on the same port.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { createInterface } from "node:readline";
import { projectRoot } from "../../../scripts/lib/run.ts";
import type { ConfigInput } from "../../../server/src/config.ts";

export type ChildRelayer = {
  readonly url: string;
  readonly process: ChildProcess;
  /** Every JSON log line this process wrote. */
  readonly logs: Record<string, unknown>[];
  /** SIGTERM and wait; SIGKILL gives the process no chance to finish anything. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
};

/**
 * Starts `server/src/main.ts` with exactly `env` (plus PATH) and waits until it listens. With
 * `logFile` its log lines go straight to that file (benchmarks: a busy parent reading a pipe
 * would stall the relayer's synchronous log writes) and `logs` stays empty.
 */
export async function startChildRelayer(env: ConfigInput, options: { timeoutMs?: number; logFile?: string } = {}): Promise<ChildRelayer> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const logFd = options.logFile ? openSync(options.logFile, "a") : undefined;
  const child = spawn(process.execPath, ["server/src/main.ts"], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", logFd ?? "pipe", "pipe"],
  });
  if (logFd !== undefined) closeSync(logFd);
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  // Quieter than info (or logging to a file), its "relayer listening" is not seen: its /health on the given port tells.
  const quiet = logFd !== undefined || ["warn", "error", "fatal", "silent"].includes(env.LOG_LEVEL ?? "info");
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the relayer did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    if (quiet) {
      const url = `http://${env.HOST ?? "127.0.0.1"}:${env.PORT}`;
      let done = false;
      void exited.then(() => (done = true));
      const poll = (): void => {
        if (done) return;
        fetch(`${url}/health`).then(
          (response) => {
            if (!response.ok) return void setTimeout(poll, 200);
            done = true;
            clearTimeout(timer);
            resolve(url);
          },
          () => void setTimeout(poll, 200),
        );
      };
      if (!env.PORT || env.PORT === "0") reject(new Error("a relayer quieter than info needs a fixed PORT to be found"));
      else void poll();
    }
    if (child.stdout) createInterface({ input: child.stdout }).on("line", (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === "relayer listening") {
        clearTimeout(timer);
        resolve(String(entry.url));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the relayer exited with code ${child.exitCode} before listening\n${stderr}`));
    });
  });

  const stop = async (signal: "SIGTERM" | "SIGKILL" = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    const url = await listening;
    return { url, process: child, logs, stop };
  } catch (error) {
    await stop("SIGKILL");
    throw error;
  }
}
