// A background loop that runs one round at a time: again at once while a round reports more
// work, else after `pollMs`; a failed round is handed to `onError` and retried after `pollMs`.
// `stop` waits for the round in progress.

export type PollingLoop = { start(): void; stop(): Promise<void>; readonly running: boolean };

export function createPollingLoop(parameters: {
  /** One round; true when there is more to do right away. */
  round(isRunning: () => boolean): Promise<boolean>;
  pollMs: number;
  onError(error: unknown): void;
}): PollingLoop {
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  const isRunning = () => running;

  const loop = async () => {
    let more = false;
    try {
      more = await parameters.round(isRunning);
    } catch (error) {
      parameters.onError(error);
    }
    if (running) timer = setTimeout(() => (current = loop()), more ? 0 : parameters.pollMs);
  };

  return {
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      current = loop();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
