// One error style for the relayer (after viem's `src/errors/base.ts`): a short message for
// people, optional details for operators, and the cause chain kept and walkable.

export type BaseErrorParameters = {
  cause?: unknown;
  details?: string | undefined;
  metaMessages?: readonly string[] | undefined;
  name?: string | undefined;
};

export class BaseError extends Error {
  /** One sentence a person can act on; what the UI shows. */
  readonly shortMessage: string;
  /** Extra context for operators (never secrets). */
  readonly details: string | undefined;
  readonly metaMessages: readonly string[];

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details =
      parameters.details ??
      (parameters.cause instanceof BaseError
        ? parameters.cause.details
        : parameters.cause instanceof Error
          ? parameters.cause.message
          : undefined);
    const message = [
      shortMessage,
      ...(parameters.metaMessages?.length ? ["", ...parameters.metaMessages] : []),
      ...(details && details !== shortMessage ? ["", `Details: ${details}`] : []),
    ].join("\n");
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.name = parameters.name ?? "BaseError";
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = parameters.metaMessages ?? [];
  }

  /** Walks the cause chain; returns the first error `predicate` accepts, or the deepest one. */
  walk(predicate?: (error: unknown) => boolean): unknown {
    return walk(this, predicate);
  }
}

export function walk(error: unknown, predicate?: (error: unknown) => boolean): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 32; depth++) {
    if (predicate?.(current)) return current;
    const cause = current instanceof Error ? current.cause : undefined;
    if (cause === undefined) return predicate ? undefined : current;
    current = cause;
  }
  return predicate ? undefined : current;
}
