/**
 * The documented REST Schedule examples (§6, test/fixtures/carat/schedule-*) are accepted by the
 * sandbox and answered in the documented shape, key for key. The sandbox's clock is set to
 * 13/07/2017 (the day of the activation example's schedule_usn) so the example card, which expires
 * 12/2022, is still valid, and the example's first execution (03/08/2025) lies ahead.
 * Substitutions: the test merchant's headers, real SIDs for the documentation's dummy ones, and the
 * Mastercard test card 5555555555554444 for the placeholder 5555555555555555 (which fails Luhn).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assertExampleShape } from '../support/example-shape.ts';
import { harnessForThisFile } from './harness.ts';
import { scheduleCalls } from './schedule-calls.ts';

const fixture = (name: string): any => JSON.parse(readFileSync(new URL(`../../fixtures/carat/${name}`, import.meta.url), 'utf8'));
const fixtureText = (name: string): string => readFileSync(new URL(`../../fixtures/carat/${name}`, import.meta.url), 'utf8').trim();

const h = harnessForThisFile({ now: () => Date.UTC(2017, 6, 13, 12) });
const api = scheduleCalls(h);

function activationExample(): any {
  const body = fixture('schedule-activate.request.json');
  assert.equal(body.card.number, '5555555555555555');
  body.card.number = '5555555555554444';
  return body;
}

async function createdFromExample(): Promise<string> {
  const reply = await api.call('POST', '/v1/transactions', fixture('schedule-create.request.json'));
  assert.equal(reply.body.code, '0', reply.text);
  return reply.body.schedule.sid;
}

describe('documented schedule examples', () => {
  it('schedule-create: the request without payment gives a NOV SID in the documented shape', async () => {
    const reply = await api.call('POST', '/v1/transactions', fixture('schedule-create.request.json'));
    assert.equal(reply.status, 200);
    assertExampleShape(reply.body, fixture('schedule-create.response.json'), true);
    assert.deepEqual({ ...reply.body, schedule: { ...reply.body.schedule, sid: '<sid>' } }, fixture('schedule-create.response.json'));
    assert.match(reply.body.schedule.sid, /^[A-Za-z0-9]{64}$/);
  });

  it('schedule-activate: the card of the example activates it, answered as documented', async () => {
    const sid = await createdFromExample();
    const reply = await api.call('POST', `/v1/schedules/${sid}`, activationExample());
    assert.equal(reply.body.code, '0', reply.text);
    assertExampleShape(reply.body, fixture('schedule-activate.response.json'), true);
    assert.deepEqual({ ...reply.body.schedule, sid: '-', schedule_usn: '-' }, {
      status: 'ATV', sid: '-', schedule_usn: '-', amount: '1', initial_date: '03/08/2025', next_date: '03/08/2025',
      number_of_times: '3', soft_descriptor: 'Assinatura', show_times_invoice: 'false',
    });
  });

  it('schedule-edit-create: answered as documented, with the documented form POSTed to the authenticity URL', async () => {
    const sid = await createdFromExample();
    await api.call('POST', `/v1/schedules/${sid}`, activationExample());
    const request = { ...fixture('schedule-edit-create.request.json'), sid };
    const reply = await api.call('POST', '/v1/schedules/edits', request);
    assert.deepEqual(reply.body, fixture('schedule-edit-create.response.json'));
    const form = h.endpoint.forms.at(-1);
    const documented = new URLSearchParams(fixtureText('schedule-edit-create.authenticity-post.form.txt'));
    assert.deepEqual([...(form?.keys() ?? [])], [...documented.keys()], 'the documented fields, in the documented order');
    assertExampleShape(Object.fromEntries(form ?? []), fixture('schedule-edit-create.authenticity-post.json'), true);
    assert.equal(form?.get('merchant_data'), '14114532781');
    assert.equal(form?.get('sid'), sid);
    assert.match(form?.get('seid') ?? '', /^[A-Za-z0-9]{64}$/);
  });
});
