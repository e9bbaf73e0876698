/**
 * Malformed requests for the fuzz test, from a seeded PRNG so every run sends the same ones: valid
 * requests to each route, then mutated (wrong types, huge strings, odd unicode, deep nesting,
 * prototype keys, bad JSON, wrong content types, bad Idempotency-Keys, junk ids, traversal paths).
 */

export interface FuzzRequest {
  route: string;
  method: string;
  /** Sent as is (node:http does not normalise it), so "../" reaches the server. */
  path: string;
  headers: Record<string, string | string[]>;
  body?: string;
}

/** mulberry32: small, fast and good enough to pick mutations. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  return { next, int, pick };
}
export type Random = ReturnType<typeof seededRandom>;

const RAW = '\u0001raw\u0001'; // replaced by raw JSON text after stringify
const PROTO_JSON = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}';

function weirdValue(random: Random): unknown {
  return random.pick<() => unknown>([
    () => null, () => true, () => 0, () => -1, () => 1.5, () => 1e308, () => -0, () => '', () => ' ', () => [], () => ({}),
    () => 'x'.repeat(random.int(1, 40_000)), () => '9'.repeat(random.int(1, 400)), () => '\u0000\u0007', () => '💳📱'.repeat(random.int(1, 50)),
    () => '\ud800', () => '\u202eevil', () => 'Ａ１２', () => '<script>alert(1)</script>', () => "' OR 1=1 --", () => '../../etc/passwd',
    () => '4111111111111111', () => ['003'], () => ({ ddd: '11' }), () => 'normal\n', () => 'NORMAL', () => '12/99', () => '1e3',
    () => `${RAW}${random.pick([PROTO_JSON, '['.repeat(2000) + ']'.repeat(2000), '1e999', '-1e999', '9007199254740993', '{"a":'.repeat(500) + '1' + '}'.repeat(500)])}`,
  ])();
}

/** Sets, replaces or deletes the field at `path` (creating parents as needed). */
function mutateAt(target: Record<string, unknown>, path: string[], value: unknown, remove: boolean): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
}

function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const children = Object.entries(value).flatMap(([key, child]) => fieldPaths(child, [...prefix, key]));
  return prefix.length ? [prefix, ...children] : children;
}

function toJsonText(body: unknown): string {
  return JSON.stringify(body).replace(/"\\u0001raw\\u0001((?:[^"\\]|\\.)*)"/g, (_match, raw: string) => JSON.parse(`"${raw}"`) as string);
}

const BAD_JSON = ['', '{', '{"type":', '{"type":"normal",}', "{'type':'normal'}", '[]', '1', '"normal"', 'null', 'true', '{"type":"normal"}{"type":"normal"}', '\uFEFF{"type":"normal"}', '{"type":"nor\\uZZZZmal"}', '{"a":NaN}', '{"__proto__":[]}'];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=klingon', 'application/xml', 'application/json-patch+json', ''];

/** A JSON body mutated 1–3 times, as text; sometimes replaced altogether. */
export function mutateJsonBody(random: Random, valid: Record<string, unknown>): string {
  if (random.next() < 0.12) return random.pick(BAD_JSON);
  const body = structuredClone(valid);
  for (let round = random.int(1, 3); round > 0; round -= 1) {
    const paths = [...fieldPaths(body), [random.pick(['extra', '__proto__', 'constructor', 'prototype', 'payment', 'card', 'nit'])]];
    const path = random.pick(paths);
    mutateAt(body, path, weirdValue(random), random.next() < 0.2);
  }
  let text = toJsonText(body);
  if (random.next() < 0.1) text = text.replace(/^\{/, `{"__proto__":{"polluted":"yes"},`);
  return text;
}

const BAD_KEYS = ['', 'short', 'x'.repeat(129), 'has space!', 'dup-key-1234, dup-key-5678', 'ünïcödé-key-1', '../../etc', 'key\twith\ttab', '%00%00%00%00%00'];

/** Header mutations common to every route. */
export function mutateHeaders(random: Random, headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out = { ...headers };
  const kind = random.int(0, 7);
  if (kind === 0) out['content-type'] = random.pick(CONTENT_TYPES);
  if (kind === 1) out['idempotency-key'] = random.next() < 0.2 ? ['first-key-123', 'second-key-456'] : random.pick(BAD_KEYS);
  if (kind === 2) out['x-request-id'] = random.pick(['{"level":"fatal"}', 'a'.repeat(200), 'ok-id-1', '\u00e9\u00e9']);
  if (kind === 3) out['origin'] = random.pick(['null', 'https://evil.example', 'https://shop.example.evil.test', 'x'.repeat(3000)]);
  if (kind === 4) out['content-encoding'] = random.pick(['gzip', 'br', 'deflate', 'x-unknown', 'identity, gzip']);
  if (kind === 5) out['x-forwarded-for'] = random.pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1', '999.999.999.999']);
  return out;
}

const TRAVERSALS = [
  '/chunks/../../secret.txt', '/chunks/..%2F..%2Fsecret.txt', '/chunks/%2e%2e/%2e%2e/secret.txt', '/chunks/..%5c..%5csecret.txt',
  '/chunks/.%2e/secret.txt', '/chunks/card-step-abc.js%00.png', '/chunks/', '/chunks/%', '/chunks/%E0%A4%A', '/chunks/' + 'a'.repeat(3000) + '.js',
  '/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/demo/../../secret.txt', '//secret.txt', '/./../secret.txt',
  '/index.html/..%2f..%2fsecret.txt', '/%c0%ae%c0%ae/secret.txt', '/.env', '/.git/config', '/recharge-widget.js/../../secret.txt',
  '/recharge-widget.js%00', '/recharge-widget.js?x=%zz', '/api/../secret.txt', '/api/recharges/../../secret.txt', '/%ZZ', '/\u00e9',
];

export function traversalPath(random: Random): string {
  return random.pick(TRAVERSALS);
}

/** A session id as a path segment: real, unknown but well-formed, or junk. */
export function sessionSegment(random: Random, real: readonly string[]): string {
  if (random.next() < 0.7) return random.pick(real);
  return random.pick<() => string>([
    () => 'A'.repeat(22), () => random.pick(real).slice(1), () => `${random.pick(real)}x`,
    () => '%E0%A4%A', () => '%00', () => '..', () => '%2e%2e%2fhealthz', () => 'x'.repeat(5000), () => '__proto__', () => 'constructor', () => '%F0%9F%92%B3',
  ])();
}

export function authenticityForm(random: Random): { body: string; contentType: string } {
  const fields: Record<string, string> = { nit: 'A1'.repeat(32), merchantId: 'shop42', orderId: 'RW0011223344556677', merchantUSN: '12345678901', generalHash: 'ABCDEF0123456789' };
  const key = random.pick([...Object.keys(fields), '__proto__', 'constructor', 'nit[]', 'merchantId[a]']);
  fields[key] = String(weirdValue(random)).slice(0, random.int(0, 6000));
  let body = new URLSearchParams(fields).toString();
  if (random.next() < 0.15) body = random.pick(['%', '&&&==&', 'nit=%ZZ', '='.repeat(5000), 'a=1&'.repeat(2000)]);
  return { body, contentType: random.pick(['application/x-www-form-urlencoded', 'application/json', 'text/plain', 'application/x-www-form-urlencoded; charset=klingon']) };
}
