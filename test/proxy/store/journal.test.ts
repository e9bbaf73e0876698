/** The journal API: what intent(), outcome() and failure() write, and what the readers make of it. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayFailure } from '../../../proxy/carat/http.ts';
import { cardAttempts, journalOf, lastIntent, needsRecovery, refusedStatusRun, unsettledSession } from '../../../proxy/store/journal.ts';
import { createMemorySessionStore } from '../../../proxy/store/memory-session-store.ts';
import type { SessionRecord, SessionStore } from '../../../proxy/store/session-store.ts';

const AT = Date.parse('2026-11-24T08:00:00.000Z');
const at = new Date(AT).toISOString();

async function journaled(): Promise<{ store: SessionStore; writes: () => number; record: () => Promise<SessionRecord> }> {
  const store = createMemorySessionStore({ now: () => AT });
  await store.put({ id: 's1', type: 'normal', nit: 'NIT1', status: 'NOV', createdAt: at, generalHash: '0', dealers: [], branchData: {}, steps: [] });
  let count = 0;
  const update = store.update.bind(store);
  store.update = (id, change) => (count += 1, update(id, change));
  return { store, writes: () => count, record: async () => (await store.get('s1'))! };
}

describe('the journal API', () => {
  test('intent: a pending money step with the attempt\'s key, written with the session\'s other changes in one write', async () => {
    const { store, writes, record } = await journaled();
    const journal = journalOf({ store, now: () => AT }, 's1', 'attempt-1');
    await journal.intent('do', { card: true }, (session) => ({ ...session, amountCents: 1500 }));
    await journal.intent('confirm', { usedPaymentMethods: ['99:1500'] });
    const session = await record();
    assert.equal(writes(), 2);
    assert.equal(session.amountCents, 1500);
    assert.deepEqual(session.steps, [
      { step: 'do', outcome: 'pending', at, idempotencyKey: 'attempt-1', card: true },
      { step: 'confirm', outcome: 'pending', at, idempotencyKey: 'attempt-1', usedPaymentMethods: ['99:1500'] },
    ]);
    assert.equal(lastIntent(session)?.step, 'confirm');
    assert.ok(needsRecovery(session), 'an intent without its outcome is unsettled');
    assert.equal((await unsettledSession(store, 's1'))?.id, 's1');
  });

  test('outcome: the step and Carat\'s status, which becomes the session\'s when it is one we know', async () => {
    const { store, record } = await journaled();
    const journal = journalOf({ store, now: () => AT }, 's1');
    await journal.intent('do');
    await journal.outcome('do', 'PPC');
    assert.equal((await record()).status, 'PPC');
    assert.ok(needsRecovery(await record()), 'Carat holds a PPC');
    await journal.outcome('confirm', 'XYZ');
    assert.equal((await record()).status, 'PPC', 'an unknown status leaves the session\'s as it was');
    await journal.outcome('confirm', undefined, { sessionStatus: 'CON' });
    await journal.outcome('status', 'NEG', { refused: true });
    const session = await record();
    assert.deepEqual(session.steps.slice(1).map((s) => [s.step, s.outcome, s.caratStatus]), [
      ['do', 'ok', 'PPC'], ['confirm', 'ok', 'XYZ'], ['confirm', 'ok', undefined], ['status', 'refused', 'NEG'],
    ]);
    assert.equal(session.status, 'NEG');
    assert.equal(await unsettledSession(store, 's1'), undefined);
  });

  test('failure: refused when Carat answered (with its code), unknown otherwise', async () => {
    const { store, record } = await journaled();
    const journal = journalOf({ store, now: () => AT }, 's1');
    await journal.intent('undo');
    await journal.failure('undo', new GatewayFailure('gateway_timeout', 'late', true));
    assert.ok(needsRecovery(await record()), 'an undo whose effect is unknown is unsettled');
    await journal.failure('status', new GatewayFailure('gateway_rejected', 'no', false, 'ERR', '42'));
    assert.deepEqual(refusedStatusRun(await record()), { count: 1, firstAt: new Date(AT).toISOString(), esitefCode: '42' });
    await journal.failure('status', new Error('a bug'));
    const steps = (await record()).steps;
    assert.deepEqual(steps.slice(1).map((s) => [s.step, s.outcome, s.caratStatus, s.esitefCode]), [
      ['undo', 'unknown', undefined, undefined], ['status', 'refused', 'ERR', '42'], ['status', 'unknown', undefined, undefined],
    ]);
    // A failure without Carat's answer neither counts nor breaks the run; an answer ends it.
    assert.equal(refusedStatusRun(await record())?.count, 1);
    await journal.outcome('status', 'PPN');
    assert.equal(refusedStatusRun(await record()), undefined);
  });

  test('a status answer of NOV after a lost do keeps it open; a lookup never sets the session status', async () => {
    const { store, record } = await journaled();
    const journal = journalOf({ store, now: () => AT }, 's1');
    await journal.intent('do');
    await journal.failure('do', new GatewayFailure('gateway_timeout', 'late', true));
    await journal.outcome('status', 'NOV');
    assert.ok(needsRecovery(await record()), 'Carat may still process the do it received');
    await journal.outcome('status', 'PPC');
    await journal.outcome('list_branch_data', 'NOV');
    assert.equal((await record()).status, 'PPC');
    assert.ok(needsRecovery(await record()));
    await journal.outcome('status', 'EXP');
    assert.ok(!needsRecovery(await record()));
  });

  test('card attempts: the do intents that carried a card', async () => {
    const { store, record } = await journaled();
    const journal = journalOf({ store, now: () => AT }, 's1');
    await journal.intent('do', { card: true });
    await journal.outcome('do', 'NOV', { refused: true });
    await journal.intent('do');
    await journal.intent('undo');
    await journal.intent('do', { card: true });
    assert.equal(cardAttempts(await record()), 2);
  });
});
