/**
 * The Idempotency-Key of the browser attempt being run, as request-scoped context: the idempotent
 * wrapper sets it around the attempt's work, and the money steps journal it (so recovery can store
 * its final answer under it). Context rather than a parameter because the routes' work closures
 * are wrapped by the hardening layer (card-attempt cap), which has no business carrying it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const attemptKey = new AsyncLocalStorage<string>();

export function runWithAttemptKey<T>(key: string, work: () => Promise<T>): Promise<T> {
  return attemptKey.run(key, work);
}

/** The key of the attempt in progress, if this code runs inside one. */
export function currentAttemptKey(): string | undefined {
  return attemptKey.getStore();
}
