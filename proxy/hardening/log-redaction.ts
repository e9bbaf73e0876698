/**
 * Redaction by key, before a log object is serialised: whatever a developer passes to the logger
 * (a request body, a Carat request, an error with a request attached, a child logger's bindings),
 * fields that are secret by name are removed at any depth and in any casing (securityCode,
 * security_code, CVV…). It is the only key-based redaction (pino's own `redact` paths are not
 * used: they knew fewer keys at fewer depths). log-scrubber.ts then masks values by their shape in
 * the serialised line, for what no key names (a card number inside a message).
 */
import { maskCardNumber } from './log-scrubber.ts';

const REDACTED = '[REDACTED]';

/** Keys whose values never reach a log, compared lower-case without "_" and "-". */
const SECRET_KEYS = new Set([
  'securitycode', 'cvv', 'cvc', 'cvv2', 'merchantkey', 'nit', 'authorization', 'proxyauthorization',
  'cookie', 'setcookie', 'privatekey', 'password', 'secret', 'token', 'jwt', 'expiry', 'expirydate',
]);
/** Keys holding a card number: masked to the last 4 digits wherever they appear. */
const CARD_NUMBER_KEYS = new Set(['cardnumber', 'pan']);

const normalise = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

const MAX_DEPTH = 10;
const MAX_KEYS = 200;

interface ErrorShape {
  type: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

/**
 * A redacted copy of `value`: secret keys replaced, card numbers under a card-number key masked,
 * Errors turned into `{type, message, stack, …own fields, cause}` (the shape pino's err serializer
 * gives, so that errors nested anywhere keep their message instead of becoming `{}`).
 */
export function redactDeep(value: unknown, parentKey = '', depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Too deep]';
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return value;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return redactDeep(withJson.toJSON(), parentKey, depth + 1, seen);
  // A class instance that is no Error (a request, a socket, a stream) is named, not walked: its
  // insides are no log's business, may hold headers, and can be huge.
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null && !Array.isArray(value) && !(value instanceof Error)) {
    return `[${(value as { constructor?: { name?: string } }).constructor?.name || 'object'}]`;
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.slice(0, MAX_KEYS).map((item) => redactDeep(item, parentKey, depth + 1, seen));
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      const shape: ErrorShape = { type: value.name, message: value.message };
      if (value.stack !== undefined) shape.stack = value.stack;
      if (value.cause !== undefined) shape['cause'] = redactDeep(value.cause, 'cause', depth + 1, seen);
      Object.assign(out, shape);
    }
    const inCard = normalise(parentKey) === 'card';
    for (const key of Object.keys(value).slice(0, MAX_KEYS)) {
      const field = (value as Record<string, unknown>)[key];
      const name = normalise(key);
      if (SECRET_KEYS.has(name)) out[key] = REDACTED;
      else if (CARD_NUMBER_KEYS.has(name) || (inCard && name === 'number')) {
        out[key] = typeof field === 'string' || typeof field === 'number' ? maskCardNumber(String(field)) : REDACTED;
      } else out[key] = redactDeep(field, key, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
