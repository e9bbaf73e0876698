/**
 * Faults of the daily batch, on demand like the HTTP faults (faults.ts) but on what Carat does by
 * itself: deny an execution (the issuer refuses the card), leave it late (daily-batch.ts: PEN until
 * the next day's batch, then CON, with a second notice unless dropped), repeat a notification (Carat
 * POSTs the same form again after a 200), drop a notification (Carat never POSTs it).
 */
export type ExecutionFault =
  | { kind: 'deny-execution' }
  | { kind: 'late-execution'; /** the second notice (of the CON) is never POSTed */ dropFinalNotice?: boolean }
  | { kind: 'repeat-notification'; /** extra POSTs after the delivered one; default 1 */ times?: number }
  | { kind: 'drop-notification' };

export interface ExecutionFaultMatch {
  /** Only this schedule's executions; any schedule when absent. */
  sid?: string;
}

interface Rule {
  fault: ExecutionFault;
  match: ExecutionFaultMatch;
  remaining: number;
}

export class ExecutionFaults {
  #rules: Rule[] = [];

  next(fault: ExecutionFault, match: ExecutionFaultMatch = {}, count = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count: expected a positive integer');
    this.#rules.push({ fault, match, remaining: count });
  }

  clear(): void {
    this.#rules = [];
  }

  /** Whether this charge is to be denied (uses up a deny-execution rule). */
  takeDenial(sid: string): boolean {
    return this.#take(sid, (f) => f.kind === 'deny-execution') !== undefined;
  }

  /** The late-execution fault for this charge, if any (used up). */
  takeLateness(sid: string): Extract<ExecutionFault, { kind: 'late-execution' }> | undefined {
    const fault = this.#take(sid, (f) => f.kind === 'late-execution');
    return fault?.kind === 'late-execution' ? fault : undefined;
  }

  /** The repeat or drop fault for this notification, if any (used up). */
  takeNotificationFault(sid: string): ExecutionFault | undefined {
    return this.#take(sid, (f) => f.kind === 'repeat-notification' || f.kind === 'drop-notification');
  }

  #take(sid: string, kind: (fault: ExecutionFault) => boolean): ExecutionFault | undefined {
    const rule = this.#rules.find((r) => kind(r.fault) && (r.match.sid === undefined || r.match.sid === sid));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.#rules = this.#rules.filter((r) => r !== rule);
    return rule.fault;
  }
}
