/**
 * The REST Schedule client against the sandbox over loopback, on the sandbox's simulated calendar:
 * both ways to activate a schedule, executions found from their status notifications, the edit flow
 * with its SEID form POST, the notification parser, and the card kept out of every result and error.
 */
import assert from 'node:assert/strict';
import express from 'express';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GatewayFailure, createCaratHttp } from '../../../proxy/carat/http.ts';
import { createPaymentClient, type PaymentCard } from '../../../proxy/carat/payment-client.ts';
import { createScheduleClient, type ScheduleClient } from '../../../proxy/carat/schedule-client.ts';
import { ScheduleEditWaiter } from '../../../proxy/carat/schedule-edit-waiter.ts';
import { parseStatusNotification, type StatusNotification } from '../../../proxy/carat/status-notification.ts';
import type { Listening } from '../../../proxy/listen.ts';
import { DEMO_MERCHANT } from '../../../proxy/sandbox/app.ts';
import { startSandbox, type RunningSandbox } from '../../../proxy/sandbox/server.ts';
import { listenOnFreePort } from '../support/free-port.ts';

const CARD: PaymentCard = { number: '4111111111111111', expiryDate: '1239', securityCode: '123', holder: 'ANA SOUZA' };
const DENIED: PaymentCard = { ...CARD, number: '4000000000000002' };
const VISA = { authorizerId: '1' };

let running: RunningSandbox;
let merchantSide: Listening;
let client: ScheduleClient;
const notices: StatusNotification[] = [];

before(async () => {
  // The merchant's side: the authenticity URL hands SEID forms to the client, the status URL parses notices.
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.post('/carat/authenticity', (req, res) => {
    client.acceptEditNotice(req.body);
    res.status(200).send('OK');
  });
  app.post('/carat/status', (req, res) => {
    const notice = parseStatusNotification(req.body);
    if (notice) notices.push(notice);
    res.status(200).send('OK');
  });
  merchantSide = await listenOnFreePort(app);
  running = await startSandbox({
    now: () => Date.UTC(2026, 0, 31, 12),
    merchants: [{ ...DEMO_MERCHANT, authenticityUrl: `${merchantSide.url}/carat/authenticity`, statusUrl: `${merchantSide.url}/carat/status` }],
  });
  const http = createCaratHttp({ baseUrl: `${running.url}/e-sitef/api`, timeoutMs: 5000 });
  client = createScheduleClient({ http, merchantId: DEMO_MERCHANT.id, merchantKey: DEMO_MERCHANT.key });
});
after(async () => {
  await running.close();
  await merchantSide.close();
});

const today = () => running.sandbox.schedules.today();
const terms = (times = 3) => ({ orderId: 'R42', merchantUsn: '4242', schedule: { amountCents: 1500, initialDate: today(), numberOfTimes: times, softDescriptor: 'Recarga' } });

function assertNoCard(value: unknown): void {
  const text = JSON.stringify(value) + String((value as Error)?.message ?? '');
  assert.ok(!text.includes(CARD.number) && !text.includes(DENIED.number), 'no card number');
}

async function failureOf(promise: Promise<unknown>): Promise<GatewayFailure> {
  const error = await promise.then(() => assert.fail('expected a GatewayFailure'), (e: unknown) => e);
  assert.ok(error instanceof GatewayFailure, String(error));
  assertNoCard(error);
  return error;
}

describe('schedule client', () => {
  beforeEach(() => {
    running.sandbox.faults.clear();
    running.sandbox.schedules.faults.clear();
  });

  it('without payment: a NOV SID, activated with the card (ATV from the initial date); a refused card is a result', async () => {
    const created = await client.createSchedule(terms());
    assert.match(created.sid, /^[A-Za-z0-9]{64}$/);
    assert.equal(created.status, 'NOV');
    const refused = await client.activateSchedule(created.sid, DENIED, VISA);
    assert.equal(refused.activated, false);
    assert.notEqual(refused.code, '0');
    assertNoCard(refused);
    const activated = await client.activateSchedule(created.sid, CARD, VISA);
    assert.equal(activated.activated, true);
    assert.equal(activated.schedule?.status, 'ATV');
    assert.equal(activated.schedule?.nextDate, today());
    assertNoCard(activated);
    const state = await client.querySchedule(created.sid);
    assert.deepEqual({ ...state, sid: '-' }, {
      sid: '-', status: 'ATV', amountCents: 1500, initialDate: today(), nextDate: today(), numberOfTimes: 3, executedTimes: 0, executions: [],
    });
    await client.applyEdit(await client.openEdit(created.sid), { status: 'INA' }); // keeps the next tests' batches to their own
  });

  it('with the first payment: PPC keeps it PEN, the confirmation makes it ATV', async () => {
    const payments = createPaymentClient({ http: createCaratHttp({ baseUrl: `${running.url}/e-sitef/api`, timeoutMs: 5000 }), merchantId: DEMO_MERCHANT.id, merchantKey: DEMO_MERCHANT.key });
    const created = await client.createScheduleWithPayment({ ...terms(), firstPaymentCents: 1500 });
    assert.equal(created.status, 'NOV');
    assert.equal(created.scheduleStatus, 'NOV');
    const sid = created.sid ?? assert.fail('the SID comes with the creation');
    assert.equal((await payments.pay(created.nit, CARD, VISA)).status, 'PPC');
    assert.equal((await client.querySchedule(sid)).status, 'PEN');
    await payments.confirmPayment(created.nit, true);
    const state = await client.querySchedule(sid);
    assert.equal(state.status, 'ATV');
    assert.deepEqual(state.payment, { nit: created.nit, status: 'CON' });
    await client.applyEdit(await client.openEdit(sid), { status: 'INA' });
  });

  it('executions: each notice names a NIT that queryExecution confirms, with its schedule; three make FIN', async () => {
    const { sid } = await client.createSchedule(terms(3));
    await client.activateSchedule(sid, CARD, VISA);
    notices.length = 0;
    await running.sandbox.schedules.runBatch();
    await running.sandbox.schedules.advanceDays(62);
    assert.equal(notices.length, 3);
    for (const notice of notices) {
      assert.equal(notice.status, 'CON');
      assert.equal(notice.orderId, 'R42');
      assertNoCard(notice);
      const execution = await client.queryExecution(notice.nit);
      assert.equal(execution.status, 'CON');
      assert.equal(execution.amountCents, 1500);
      assert.equal(execution.schedule?.sid, sid);
      assertNoCard(execution);
    }
    const state = await client.querySchedule(sid);
    assert.equal(state.status, 'FIN');
    assert.equal(state.nextDate, undefined);
    assert.deepEqual(state.executions.map((e) => [e.nit, e.status, e.number]), notices.map((n, i) => [n.nit, 'CON', i + 1]));
  });

  it('the edit flow: the SEID arrives by form POST, INA stops every later charge; a used SEID is refused', async () => {
    const { sid } = await client.createSchedule(terms(3));
    await client.activateSchedule(sid, CARD, VISA);
    const seid = await client.openEdit(sid);
    assert.match(seid, /^[A-Za-z0-9]{64}$/);
    const inactive = await client.applyEdit(seid, { status: 'INA' });
    assert.equal(inactive.status, 'INA');
    const charged = await running.sandbox.schedules.advanceDays(70);
    assert.ok(!charged.some((e) => e.sid === sid));
    assert.equal((await client.querySchedule(sid)).executedTimes, 0);
    const reused = await failureOf(client.applyEdit(seid, { status: 'ATV' }));
    assert.equal(reused.code, 'gateway_rejected');
    assert.equal(reused.outcomeUnknown, false);
  });

  it('an edit Carat refuses is gateway_rejected and leaves nothing waiting', async () => {
    const { sid } = await client.createSchedule(terms(1));
    const refused = await failureOf(client.openEdit(sid)); // NOV: not editable
    assert.equal(refused.code, 'gateway_rejected');
    assert.equal(refused.caratStatus, 'NOV');
  });

  it('a lost activation answer is "unknown"; the query tells; unknown fields are ignored', async () => {
    const { sid } = await client.createSchedule(terms(1));
    running.sandbox.faults.next({ kind: 'http-error', effect: 'after' }, { method: 'POST', path: '/v1/schedules/' });
    const lost = await failureOf(client.activateSchedule(sid, CARD, VISA));
    assert.equal(lost.outcomeUnknown, true);
    running.sandbox.faults.always({ kind: 'unknown-fields' }, { path: '/e-sitef/api/' });
    const state = await client.querySchedule(sid);
    assert.equal(state.status, 'ATV');
    assert.ok(!('sandbox_unknown_field' in state));
    running.sandbox.faults.clear();
    await client.applyEdit(await client.openEdit(sid), { status: 'INA' });
  });

  it('a "0" without the schedule it promised is an unexpected answer, outcome unknown', async () => {
    const bare = async () => new Response(JSON.stringify({ code: '0', message: 'OK. Transaction successful.' }), { status: 200 });
    const http = createCaratHttp({ baseUrl: 'http://127.0.0.1:9/e-sitef/api', timeoutMs: 1000, fetch: bare });
    const bareClient = createScheduleClient({ http, merchantId: 'demo', merchantKey: DEMO_MERCHANT.key });
    const sid = 's'.repeat(64);
    for (const call of [bareClient.createSchedule(terms()), bareClient.querySchedule(sid), bareClient.applyEdit(sid, { status: 'INA' }), bareClient.queryExecution(sid)]) {
      const failure = await failureOf(call);
      assert.equal(failure.outcomeUnknown, true);
    }
  });
});

describe('the SEID waiter', () => {
  const SID = 'a'.repeat(64);
  const SEID = 'b'.repeat(64);

  it('accepts only the form naming a waiting merchant_data and its SID, once; a well-formed one nobody here waits for is unmatched', async () => {
    const waiter = new ScheduleEditWaiter();
    const seid = waiter.expect('M1', SID, 60_000);
    assert.equal(waiter.deliver({ seid: SEID, sid: 'c'.repeat(64), merchant_data: 'M1' }), 'ignored', 'another SID');
    assert.equal(waiter.deliver({ seid: SEID, sid: SID, merchant_data: 'M2' }), 'unmatched', 'nobody here waits for M2 (another instance may: relayed)');
    assert.equal(waiter.deliver({ seid: 'short', sid: SID, merchant_data: 'M1' }), 'ignored', 'malformed');
    assert.equal(waiter.deliver(new URLSearchParams({ seid: SEID, sid: SID, merchant_data: 'M1', extra: 'x' })), 'accepted');
    assert.equal(await seid, SEID);
    assert.equal(waiter.deliver({ seid: SEID, sid: SID, merchant_data: 'M1' }), 'unmatched', 'a replay: no edit waits for it here, nor anywhere');
    assert.equal(waiter.deliver({ seid: SEID, sid: 'c'.repeat(64), merchant_data: 'M1', extra: 'x' }), 'unmatched');
    assert.equal(waiter.waiting, 0);
  });

  it('gives up with gateway_timeout when the form never comes', async () => {
    let fire: () => void = () => assert.fail('no timer set');
    const waiter = new ScheduleEditWaiter((f) => {
      fire = f;
      return () => {};
    });
    const seid = waiter.expect('M1', SID, 1000);
    fire();
    const error = await seid.then(() => assert.fail('expected a timeout'), (e: unknown) => e);
    assert.ok(error instanceof GatewayFailure);
    assert.equal(error.code, 'gateway_timeout');
    assert.equal(waiter.deliver({ seid: SEID, sid: SID, merchant_data: 'M1' }), 'unmatched', 'no longer waited for');
  });
});

describe('the status notification parser', () => {
  const NIT = 'n'.repeat(64);

  it('reads the documented sample, ignoring fields it does not know and keeping no card data', () => {
    const form = new URLSearchParams(`rede=Cielo&tipoFinanciamento=4&binCartao=455182&nsuesitef=191107123456780&tid=123&parcelas=2&nsu=merchantNsu&autorizadora=1&nit=${NIT}&pedido=R42&status=CON&novoCampo=x`);
    assert.deepEqual(parseStatusNotification(form), {
      nit: NIT, status: 'CON', orderId: 'R42', merchantUsn: 'merchantNsu', esitefUsn: '191107123456780', authorizerId: '1',
      installments: '2', financingType: '4', network: 'Cielo',
    });
  });

  it('maps the dates and receipts, and leaves empty fields out', () => {
    const notice = parseStatusNotification({ nit: NIT, status: 'NEG', dataEfetivacao: '01/02/2026 10:00:00', cupom: 'VIA DO CLIENTE', numeroAutorizacao: '' });
    assert.deepEqual(notice, { nit: NIT, status: 'NEG', effectedAt: '01/02/2026 10:00:00', customerReceipt: 'VIA DO CLIENTE' });
  });

  it('refuses a form without a well-formed NIT or status, or with a repeated field', () => {
    assert.equal(parseStatusNotification({ status: 'CON' }), undefined);
    assert.equal(parseStatusNotification({ nit: 'short', status: 'CON' }), undefined);
    assert.equal(parseStatusNotification({ nit: NIT, status: 'confirmed' }), undefined);
    assert.equal(parseStatusNotification({ nit: NIT, status: ['CON', 'NEG'] }), undefined);
    assert.equal(parseStatusNotification(new URLSearchParams(`nit=${NIT}&status=CON&status=NEG`)), undefined);
    assert.equal(parseStatusNotification('nit=x'), undefined);
  });
});
