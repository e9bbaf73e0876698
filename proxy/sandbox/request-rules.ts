/**
 * The documented field formats (§1 notation): `= n` exactly n, `< n` up to n, N digits only,
 * A/AN text. Every value travels as a JSON string. A failed check becomes a business error whose
 * message names the field and says why, never repeating the value (it may be a key or a card).
 */
import { ESITEF_CODES } from './responses.ts';

export type Chars = 'digits' | 'alnum' | 'text';
export interface Format {
  chars: Chars;
  exact?: number;
  max?: number;
}

export const digits = (max: number): Format => ({ chars: 'digits', max });
export const exactDigits = (exact: number): Format => ({ chars: 'digits', exact });
export const text = (max: number): Format => ({ chars: 'text', max });
export const exactAlnum = (exact: number): Format => ({ chars: 'alnum', exact });
export const alnum = (max: number): Format => ({ chars: 'alnum', max });
/** Lengths not enforced (Q6: the documented lengths contradict the examples). */
export const anyDigits: Format = { chars: 'digits' };

export class RequestError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly esitefCode: string = ESITEF_CODES.invalidField,
    /** The transaction's status, when the error concerns a known transaction. */
    readonly status?: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

const PATTERNS: Record<Chars, RegExp> = {
  digits: /^\d*$/,
  alnum: /^[A-Za-z0-9]*$/,
  // Printable text: no control characters.
  text: /^[^\u0000-\u001f\u007f]*$/,
};

const NOUNS: Record<Chars, string> = { digits: 'digits', alnum: 'letters or digits', text: 'characters' };

export function describe(format: Format): string {
  const noun = NOUNS[format.chars];
  if (format.exact !== undefined) return `expected exactly ${format.exact} ${noun}`;
  if (format.max !== undefined) return `expected up to ${format.max} ${noun}`;
  return `expected ${noun} only`;
}

/** Checks one value; returns the reason it fails, or undefined. */
export function formatProblem(value: string, format: Format): string | undefined {
  const lengthOk =
    (format.exact === undefined || value.length === format.exact) &&
    (format.max === undefined || value.length <= format.max);
  return lengthOk && PATTERNS[format.chars].test(value) ? undefined : describe(format);
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(root: Json | undefined, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

interface FieldOptions {
  required?: boolean;
  /** How the field is named in messages when `root` is not the wrapper (e.g. `answers[1]`). */
  prefix?: string;
}

/**
 * A string field at `path` under `root`. An absent field or "" counts as absent (the documented
 * example sends `"token":""` for an unused field).
 */
export function field(root: Json | undefined, path: string, format: Format, options: FieldOptions = {}): string | undefined {
  const name = options.prefix ? `${options.prefix}.${path}` : path;
  const value = at(root, path);
  if (value === undefined || value === null || value === '') {
    if (options.required) throw new RequestError(name, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') throw new RequestError(name, 'expected a JSON string');
  const problem = formatProblem(value, format);
  if (problem) throw new RequestError(name, problem);
  return value;
}

export function requiredField(root: Json | undefined, path: string, format: Format, prefix?: string): string {
  return field(root, path, format, { required: true, prefix }) as string;
}

export function objectField(root: Json | undefined, path: string, required: boolean): Json | undefined {
  const value = at(root, path);
  if (value === undefined || value === null) {
    if (required) throw new RequestError(path, 'is required');
    return undefined;
  }
  if (!isObject(value)) throw new RequestError(path, 'expected an object');
  return value;
}

export function arrayField(root: Json | undefined, path: string): unknown[] | undefined {
  const value = at(root, path);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new RequestError(path, 'expected an array');
  return value;
}

export interface AnswerInput {
  code: string;
  description: string;
}

/** answers[]: code `< 20 AN`, description `< 200 AN`. */
export function answersField(root: Json | undefined): AnswerInput[] {
  const list = arrayField(root, 'answers') ?? [];
  return list.map((item, i) => {
    const prefix = `answers[${i}]`;
    if (!isObject(item)) throw new RequestError(prefix, 'expected an object');
    return {
      code: requiredField(item, 'code', text(20), prefix),
      description: requiredField(item, 'description', text(200), prefix),
    };
  });
}

/** The wrapper object of a request body, e.g. body.do_recharge_request. */
export function wrapperOf(body: unknown, wrapper: string): Json {
  if (!isObject(body)) throw new RequestError(wrapper, 'expected a JSON object body');
  const inner = body[wrapper];
  if (inner === undefined) throw new RequestError(wrapper, 'is required');
  if (!isObject(inner)) throw new RequestError(wrapper, 'expected an object');
  return inner;
}

export const NIT_FORMAT = exactAlnum(64);
export const GENERAL_HASH_FORMAT = exactAlnum(16);
export const MERCHANT_KEY_FORMAT = alnum(80);
