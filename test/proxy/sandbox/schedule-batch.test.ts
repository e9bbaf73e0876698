/**
 * The sandbox's daily schedule batch on its simulated calendar (§6.5, §4.5): due ATV schedules are
 * charged once per date, each execution is a transaction of its own, confirmed and denied ones
 * count, the last makes the schedule FIN, and each is form-POSTed to the status URL until it gets
 * 200 — or repeated, or dropped, on demand. Every test's schedules end FIN or INA, so the next
 * test's days charge only its own.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { harnessForThisFile } from './harness.ts';
import { giveStatusUrl, scheduleCalls, StatusEndpoint, wireDay } from './schedule-calls.ts';

const h = harnessForThisFile({ now: () => Date.UTC(2026, 0, 31, 12) });
const api = scheduleCalls(h);
const status = new StatusEndpoint();

function reset(): void {
  status.script = [];
  h.sandbox.schedules.faults.clear();
}

/** A schedule activated with the card, its first execution on the sandbox's today. */
async function activeSchedule(times: number): Promise<string> {
  const sid = await api.createSchedule(h.sandbox.schedules.today(), { number_of_times: String(times) });
  assert.equal((await api.activate(sid)).body.schedule.status, 'ATV');
  return sid;
}

const NOTIFICATION_FIELDS = [
  'nit', 'pedido', 'nsu', 'nsuSitef', 'nsuHost', 'nsuesitef', 'status', 'cupom', 'cupomEstabelecimento', 'autorizadora',
  'tipoPagamento', 'dataSitef', 'parcelas', 'tipoFinanciamento', 'mensagem', 'codigoRespostaAutorizadora', 'rede',
  'numeroAutorizacao', 'binCartao', 'tid',
];

describe('the daily batch', () => {
  // Inside the suite: Node 20 runs file-level before hooks once per suite, not once per file.
  before(async () => {
    giveStatusUrl(h, await status.listen());
  });
  after(() => status.close());
  beforeEach(reset);
  it('charges three monthly executions (31 Jan, 28 Feb, 31 Mar), each its own CON transaction and notice, then FIN', async () => {
    assert.equal(h.sandbox.schedules.today(), '2026-01-31');
    const sid = await activeSchedule(3);
    const first = await h.sandbox.schedules.runBatch();
    assert.deepEqual(first.map((e) => [e.sid, e.number, e.day, e.status, e.scheduleStatus]), [[sid, 1, '2026-01-31', 'CON', 'ATV']]);
    assert.equal((await h.sandbox.schedules.runBatch()).length, 0, 'charged once per date');
    assert.equal((await api.querySchedule(sid)).body.schedule.next_date, '28/02/2026');
    const second = await h.sandbox.schedules.advanceDays(28);
    assert.deepEqual(second.map((e) => [e.number, e.day]), [[2, '2026-02-28']]);
    const third = await h.sandbox.schedules.advanceDays(31);
    assert.deepEqual(third.map((e) => [e.number, e.day, e.scheduleStatus]), [[3, '2026-03-31', 'FIN']]);
    assert.deepEqual(await h.sandbox.schedules.advanceDays(31), [], 'nothing after FIN');

    const executions = [...first, ...second, ...third];
    assert.equal(new Set(executions.map((e) => e.nit)).size, 3);
    const query = await api.querySchedule(sid);
    assert.equal(query.body.schedule.status, 'FIN');
    assert.equal(query.body.schedule.next_date, '');
    assert.equal(query.body.schedule.executed_times, '3');
    assert.deepEqual(query.body.schedule.executions.map((e: any) => [e.nit, e.number, e.date, e.status, e.amount]),
      executions.map((e) => [e.nit, String(e.number), wireDay(e.day), 'CON', '1500']));
    for (const execution of executions) {
      const tx = await api.queryTransaction(execution.nit);
      assert.equal(tx.body.payment.status, 'CON');
      assert.equal(tx.body.payment.amount, '1500');
      assert.match(tx.body.payment.customer_receipt, /\*+1111/);
      assert.equal(tx.body.schedule.sid, sid);
      assert.equal(execution.notice.state, 'delivered');
      assert.deepEqual(execution.notice.answers, [200]);
    }
    assert.deepEqual(status.nits(), executions.map((e) => e.nit));
    const form = status.forms[0];
    assert.ok(form);
    assert.deepEqual([...form.keys()].sort(), [...NOTIFICATION_FIELDS].sort());
    assert.equal(form.get('status'), 'CON');
    assert.equal(form.get('pedido'), 'S1');
    assert.equal(form.get('nsu'), '777');
    assert.equal(form.get('binCartao'), '411111');
    assert.match(form.get('dataSitef') ?? '', /^31\/01\/2026 \d{2}:\d{2}:\d{2}$/);
    assert.match(form.get('nsuesitef') ?? '', /^\d{15}$/);
    assert.ok(!status.forms.some((f) => f.toString().includes('4111111111111111')), 'no full card number');
  });

  it('a denied execution counts, is not retried, and is notified as NEG; the next one is charged as usual', async () => {
    const sid = await activeSchedule(2);
    h.sandbox.schedules.faults.next({ kind: 'deny-execution' }, { sid });
    const [denied] = await h.sandbox.schedules.runBatch();
    assert.equal(denied?.status, 'NEG');
    assert.equal((await api.queryTransaction(denied.nit)).body.payment.status, 'NEG');
    assert.equal(status.forms.at(-1)?.get('status'), 'NEG');
    assert.equal(status.forms.at(-1)?.get('dataSitef'), null, 'dataSitef is for confirmed charges only');
    const schedule = (await api.querySchedule(sid)).body.schedule;
    assert.equal(schedule.executed_times, '1');
    assert.equal(schedule.status, 'ATV');
    const later = await h.sandbox.schedules.advanceDays(31);
    assert.deepEqual(later.map((e) => [e.sid, e.number, e.status, e.scheduleStatus]), [[sid, 2, 'CON', 'FIN']]);
  });

  it('a late execution stays PEN (query, listing, notice) though it counts; the next day makes it CON with a second notice', async () => {
    const sid = await activeSchedule(2);
    h.sandbox.schedules.faults.next({ kind: 'late-execution' }, { sid });
    const [late] = await h.sandbox.schedules.runBatch();
    assert.ok(late);
    assert.deepEqual([late.number, late.status, late.scheduleStatus, late.notice.state], [1, 'PEN', 'ATV', 'delivered']);
    assert.equal(status.forms.at(-1)?.get('status'), 'PEN');
    assert.equal(status.forms.at(-1)?.get('dataSitef'), null, 'not confirmed yet');
    const pending = await api.queryTransaction(late.nit);
    assert.equal(pending.body.payment.status, 'PEN');
    assert.equal(pending.body.schedule.executions[0].status, 'PEN');
    assert.equal((await api.querySchedule(sid)).body.schedule.executed_times, '1', 'it counts at once');
    assert.deepEqual(await h.sandbox.schedules.runBatch(), [], 'the same day leaves it PEN');
    const nextDay = await h.sandbox.schedules.advanceDays(1);
    assert.deepEqual(nextDay.map((e) => [e.nit, e.number, e.status, e.notice.state]), [[late.nit, 1, 'CON', 'delivered']]);
    assert.deepEqual(status.nits().slice(-2), [late.nit, late.nit]);
    assert.equal(status.forms.at(-1)?.get('status'), 'CON');
    assert.equal((await api.queryTransaction(late.nit)).body.payment.status, 'CON');
    assert.deepEqual((await api.querySchedule(sid)).body.schedule.executions.map((e: any) => e.status), ['CON']);
    const second = await h.sandbox.schedules.advanceDays(31);
    assert.deepEqual(second.map((e) => [e.sid, e.number, e.status, e.scheduleStatus]), [[sid, 2, 'CON', 'FIN']]);
  });

  it('a late last execution leaves the schedule FIN with a PEN charge; its CON notice can be dropped', async () => {
    const sid = await activeSchedule(1);
    h.sandbox.schedules.faults.next({ kind: 'late-execution', dropFinalNotice: true }, { sid });
    const [late] = await h.sandbox.schedules.runBatch();
    assert.deepEqual([late?.status, late?.scheduleStatus], ['PEN', 'FIN']);
    const finished = (await api.querySchedule(sid)).body.schedule;
    assert.deepEqual([finished.status, finished.executions[0].status], ['FIN', 'PEN']);
    const forms = status.forms.length;
    const [confirmed] = await h.sandbox.schedules.advanceDays(1);
    assert.deepEqual([confirmed?.nit, confirmed?.status, confirmed?.notice.state], [late?.nit, 'CON', 'dropped']);
    assert.equal(status.forms.length, forms, 'the CON notice was never POSTed');
    assert.equal((await api.queryTransaction(late!.nit)).body.payment.status, 'CON');
    assert.equal((await api.querySchedule(sid)).body.schedule.executions[0].status, 'CON');
  });

  it('POSTs a notice again until it gets 200 (a 500, a redirect and a 503 first)', async () => {
    await activeSchedule(1);
    status.script = [500, 302, 503];
    const before = status.forms.length;
    const [execution] = await h.sandbox.schedules.runBatch();
    assert.deepEqual(execution?.notice.answers, [500, 302, 503, 200]);
    assert.equal(execution.notice.state, 'delivered');
    assert.deepEqual(status.nits().slice(before), Array(4).fill(execution.nit));
  });

  it('after 1 + 3 POSTs without a 200 the notice stays pending; the execution stands', async () => {
    await activeSchedule(1);
    status.script = [500, 500, 500, 500];
    const [execution] = await h.sandbox.schedules.runBatch();
    assert.deepEqual(execution?.notice.answers, [500, 500, 500, 500]);
    assert.equal(execution.notice.state, 'pending');
    assert.equal((await api.queryTransaction(execution.nit)).body.payment.status, 'CON');
    assert.equal(h.sandbox.schedules.notices().at(-1)?.state, 'pending');
  });

  it('repeat and drop faults: one notice POSTed twice, the next never; both executions are in the query', async () => {
    const sid = await activeSchedule(2);
    h.sandbox.schedules.faults.next({ kind: 'repeat-notification' }, { sid });
    const before = status.forms.length;
    const [repeated] = await h.sandbox.schedules.runBatch();
    assert.deepEqual(status.nits().slice(before), [repeated?.nit, repeated?.nit]);
    assert.deepEqual(repeated?.notice.answers, [200, 200]);
    h.sandbox.schedules.faults.next({ kind: 'drop-notification' }, { sid });
    const [dropped] = await h.sandbox.schedules.advanceDays(31);
    assert.equal(dropped?.notice.state, 'dropped');
    assert.equal(status.forms.length, before + 2, 'the dropped notice was never POSTed');
    const executions = (await api.querySchedule(sid)).body.schedule.executions.map((e: any) => e.nit);
    assert.deepEqual(executions, [repeated?.nit, dropped?.nit]);
  });

  it('an edit to INA stops the charges; back to ATV skips the dates missed while inactive', async () => {
    const sid = await activeSchedule(3);
    await h.sandbox.schedules.runBatch();
    const forms = h.endpoint.forms.length;
    const seid = await api.seidFor(sid);
    const post = h.endpoint.forms.at(-1);
    assert.equal(h.endpoint.forms.length, forms + 1);
    assert.deepEqual([...(post?.keys() ?? [])].sort(), ['merchant_data', 'seid', 'sid']);
    assert.equal(post?.get('sid'), sid);
    assert.equal(post?.get('merchant_data'), 'M1');
    const inactive = await api.applyEdit(seid, { status: 'INA' });
    assert.equal(inactive.body.code, '0', inactive.text);
    assert.equal(inactive.body.schedule.status, 'INA');
    assert.equal((await api.applyEdit(seid, { status: 'ATV' })).body.code, '6', 'a SEID is used once');
    const during = await h.sandbox.schedules.advanceDays(70);
    assert.ok(!during.some((e) => e.sid === sid), 'no charge while INA');

    const reactivated = await api.applyEdit(await api.seidFor(sid), { status: 'ATV', amount: '' });
    assert.equal(reactivated.body.schedule.status, 'ATV');
    assert.equal(reactivated.body.schedule.amount, '1500', '"" leaves the amount unchanged');
    const next = h.sandbox.schedules.schedule(sid)?.nextDate ?? '';
    assert.ok(next >= h.sandbox.schedules.today(), `next date ${next} is not in the past`);
    const done = await api.applyEdit(await api.seidFor(sid), { number_of_times: '1' });
    assert.equal(done.body.schedule.status, 'FIN', 'as many times as already done: finished');
    assert.equal((await api.openEdit(sid)).body.code, '6', 'a FIN schedule cannot be edited');
  });

  it('an edit the authenticity URL does not answer with 200 fails, and its SEID is invalid', async () => {
    const sid = await activeSchedule(1);
    h.endpoint.status = 500;
    try {
      const refused = await api.openEdit(sid);
      assert.equal(refused.body.code, '8', refused.text);
    } finally {
      h.endpoint.status = 200;
    }
    const seid = h.endpoint.forms.at(-1)?.get('seid') ?? '';
    assert.equal((await api.applyEdit(seid, { status: 'INA' })).body.code, '2');
    assert.equal((await api.applyEdit(await api.seidFor(sid), { status: 'INA' })).body.schedule.status, 'INA');
  });

  it('over HTTP (/_sandbox/schedules): advances days, runs the batch and takes batch faults', async () => {
    const sid = await activeSchedule(1);
    const control = `${h.url}/_sandbox/schedules`;
    const post = (path: string, body: unknown) =>
      fetch(control + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post('/advance', { days: 0 })).status, 400);
    assert.equal((await post('/faults', { fault: { kind: 'explode' } })).status, 400);
    assert.equal((await post('/faults', { fault: { kind: 'late-execution', dropFinalNotice: 'yes' } })).status, 400);
    assert.equal((await post('/faults', { fault: { kind: 'deny-execution' }, sid })).status, 204);
    const batch = await (await post('/batch', {})).json();
    assert.deepEqual(batch.executions.map((e: any) => [e.sid, e.status, e.scheduleStatus, e.notice.state]), [[sid, 'NEG', 'FIN', 'delivered']]);
    const today = h.sandbox.schedules.today();
    const advanced = await (await post('/advance', { days: 2 })).json();
    assert.ok(advanced.today > today);
    assert.deepEqual(advanced.executions, []);
    const state = await (await fetch(control)).json();
    assert.equal(state.schedules.find((s: any) => s.sid === sid).status, 'FIN');
    assert.ok(state.notices.length > 0);
    assert.equal((await fetch(`${control}/faults`, { method: 'DELETE' })).status, 204);
  });
});
