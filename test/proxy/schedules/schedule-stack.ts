/**
 * A proxy and its sandbox (test/proxy/support/stack.ts) with the monthly top-ups wired and in
 * reach: the schedules (store, reconciliation, idle), the shopper's steps up to a scheduled
 * top-up, and the sandbox's recharge transactions (what was topped up).
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Schedules } from '../../../proxy/schedules/schedule-wiring.ts';
import type { ScheduleStore } from '../../../proxy/schedules/schedule-store.ts';
import type { FirstTopUpNow, TopUpRetry } from '../../../proxy/schedules/schedule-deps.ts';
import { newKey, startStack, type BrowserResponse, type Stack } from '../support/stack.ts';

export const CARD = { number: '4111111111111111', expiry: '12/35', securityCode: '123' };
export const PHONE = { ddd: '31', number: '998877665' };
export const TOP_UP = { dealerCode: '003', phone: PHONE, amountCents: 2000 };

export interface ScheduleStack extends Stack {
  schedules: Schedules;
  scheduleStore: ScheduleStore;
  /** Log lines written at warn or above, parsed. */
  logs: Array<Record<string, unknown>>;
  /** YYYY-MM-DD `days` after the sandbox's (and the proxy's) today. */
  dayAhead(days: number): string;
  /** A new session with its branch data, ready for the recharge call. */
  openSession(): Promise<string>;
  /** The recharge call with `repeat`; the answer. */
  schedule(times: number, startDate: string, extra?: Record<string, unknown>): Promise<BrowserResponse>;
  /** Normal recharges Carat confirmed (top-ups done), from the sandbox's book. */
  toppedUp(): number;
  /** Moves the sandbox's calendar on (its batch runs each day), then waits for the proxy to finish what the notices started. */
  advance(days: number): Promise<void>;
}

/** `firstTopUpNow`: another implementation; `false`: none (a repeat without startDate is refused). Default: the app's own. */
export async function startScheduleStack(options: { topUpRetry?: TopUpRetry; store?: ScheduleStore; logger?: Logger; firstTopUpNow?: FirstTopUpNow | false; tokenLookupsPerMinutePerIp?: number; caratTimeoutMs?: number } = {}): Promise<ScheduleStack> {
  let schedules: Schedules | undefined;
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const stack = await startStack({
    auth: 'authenticity',
    ...(options.caratTimeoutMs ? { caratTimeoutMs: options.caratTimeoutMs } : {}),
    app: {
      logger: options.logger ?? pino({ level: 'warn' }, sink),
      schedules: {
        topUpRetry: options.topUpRetry ?? { maxAttempts: 3, firstDelayMs: 0 },
        ...(options.store ? { store: options.store } : {}),
        ...(options.firstTopUpNow !== undefined ? { firstTopUpNow: options.firstTopUpNow || undefined } : {}),
        ...(options.tokenLookupsPerMinutePerIp ? { tokenLookupsPerMinutePerIp: options.tokenLookupsPerMinutePerIp } : {}),
        onReady: (wired) => {
          schedules = wired;
        },
      },
    },
  });
  assert.ok(schedules?.deps, 'schedules wired');
  const wired = schedules;
  const deps = schedules.deps;
  const openSession = async () => {
    const created = await stack.call('POST', '/api/recharges', { type: 'normal' });
    assert.equal(created.status, 201, created.text);
    const branches = await stack.call('POST', `/api/recharges/${created.body.id}/branches`, { dealerCode: '003', ddd: PHONE.ddd });
    assert.equal(branches.status, 200, branches.text);
    return created.body.id as string;
  };
  return {
    ...stack,
    schedules: wired,
    scheduleStore: deps.store,
    logs,
    dayAhead(days) {
      return new Date(Date.parse(`${stack.sandbox.schedules.today()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    },
    openSession,
    async schedule(times, startDate, extra = {}) {
      const id = await openSession();
      return stack.call('POST', `/api/recharges/${id}/recharge`, {
        ...TOP_UP, payment: { card: CARD, installments: 1 }, repeat: { every: 'month', times, startDate }, ...extra,
      }, { 'Idempotency-Key': newKey() });
    },
    toppedUp() {
      return stack.sandbox.transactions().filter((tx) => tx.status === 'CON' && stack.sandbox.transaction(tx.nit)?.rechargeType === 'normal').length;
    },
    async advance(days) {
      await stack.sandbox.schedules.advanceDays(days);
      await wired.idle();
    },
  };
}
