/**
 * Fault injection: tests and the bench ask the sandbox to misbehave on the next matching call(s),
 * the way a real gateway does on a bad day (hang, 5xx or 4xx, broken body, new fields, denial, a
 * call processed after the caller gave up, an answer that leaves out or misstates something).
 *
 * `effect` says whether the operation takes effect: 'before' (the fault hits first: no effect),
 * 'after' (it took effect, the answer is spoiled), and for a timeout 'late' (the call is held and
 * processed only when delayMs has passed, long after the caller's timeout: its answer goes nowhere).
 */

export type Fault =
  | { kind: 'timeout'; effect?: 'before' | 'after' | 'late'; delayMs?: number }
  | { kind: 'http-error'; status?: number; effect?: 'before' | 'after' }
  | { kind: 'malformed-json'; effect?: 'before' | 'after' }
  | { kind: 'unknown-fields' }
  | { kind: 'deny' }
  /**
   * A readable answer (esitef.code "0") that misstates: `status` replaces the answer's status (e.g.
   * a confirmation answered "PPC"), `dropPayment` leaves the payment block out. With effect
   * 'before' the operation does not run and the answer is only {esitef, status}.
   */
  | { kind: 'altered-answer'; status?: string; dropPayment?: boolean; effect?: 'before' | 'after' };

export interface FaultMatch {
  method?: string;
  /** A RegExp, or a substring of the request path (e.g. '/v3/recharge/'). */
  path?: RegExp | string;
  /** The request's wrapper key, e.g. 'do_recharge_request'. */
  wrapper?: string;
}

export interface FaultInjector {
  /** Applies to the next matching call(s). */
  next(fault: Fault, match?: FaultMatch, count?: number): void;
  /** Applies to every matching call until clear(). */
  always(fault: Fault, match?: FaultMatch): void;
  clear(): void;
}

export interface CallInfo {
  method: string;
  path: string;
  wrapper?: string;
}

interface FaultRule {
  fault: Fault;
  match: FaultMatch;
  remaining: number;
}

export const DEFAULT_TIMEOUT_DELAY_MS = 60_000;
export const DEFAULT_HTTP_ERROR_STATUS = 503;

/** The injector plus `take`, which the request pipeline uses to consume a matching fault. */
export class FaultBook implements FaultInjector {
  #rules: FaultRule[] = [];

  next(fault: Fault, match: FaultMatch = {}, count = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count: expected a positive integer');
    this.#rules.push({ fault, match, remaining: count });
  }

  always(fault: Fault, match: FaultMatch = {}): void {
    this.#rules.push({ fault, match, remaining: Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The first rule matching the call, in the order rules were added; used up rules are dropped. */
  take(call: CallInfo): Fault | undefined {
    const rule = this.#rules.find((r) => matches(r.match, call));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.#rules = this.#rules.filter((r) => r !== rule);
    return rule.fault;
  }
}

function matches(match: FaultMatch, call: CallInfo): boolean {
  if (match.method && match.method.toUpperCase() !== call.method.toUpperCase()) return false;
  if (match.wrapper && match.wrapper !== call.wrapper) return false;
  if (match.path instanceof RegExp) return match.path.test(call.path);
  if (typeof match.path === 'string') return call.path.includes(match.path);
  return true;
}

/** Whether the operation itself runs (takes effect) when this fault applies. */
export function faultLetsOperationRun(fault: Fault | undefined): boolean {
  if (!fault) return true;
  switch (fault.kind) {
    case 'deny':
      return false;
    case 'unknown-fields':
      return true;
    case 'http-error':
      return fault.effect === 'after';
    case 'altered-answer':
      return fault.effect !== 'before';
    case 'timeout':
      // 'late': it runs, but only once the delay has passed (reply.ts).
      return fault.effect !== 'before' && fault.effect !== 'late';
    case 'malformed-json':
      return fault.effect !== 'before';
  }
}

/** The answer as an 'altered-answer' fault misstates it. */
export function alteredAnswer(body: Record<string, unknown>, wrapper: string, fault: { status?: string; dropPayment?: boolean }): Record<string, unknown> {
  const content = { ...(body[wrapper] as Record<string, unknown> | undefined) };
  if (fault.status !== undefined) content.status = fault.status;
  if (fault.dropPayment) delete content.payment;
  return { ...body, [wrapper]: content };
}

/** Adds a field Carat never documented at every object level, as a newer gateway version might. */
export function withUnknownFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUnknownFields);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withUnknownFields(v);
    out.sandbox_unknown_field = 'ignore me';
    out.sandbox_unknown_object = { nested: '1' };
    return out;
  }
  return value;
}
