import { expect } from '@open-wc/testing';
import type { RechargeResult } from '../../proxy/browser-api.ts';
import { initialState, transition } from '../../widget/flow.ts';
import type { FlowEvent, FlowSettings, FlowState } from '../../widget/flow-state.ts';
import { rechargeRequest } from '../../widget/order-request.ts';
import { emitScreen, type CompleteDetail } from '../../widget/events.ts';
import { repeatTexts } from '../../widget/repeat-texts.ts';
import '../../widget/steps/repeat-choice.ts';
import { addMonths, dayFromToday } from '../../widget/steps/repeat-messages.ts';
import { messagesFor } from './languages.ts';
import { CARD, PHONE_DATA, session, VIVO } from './catalogue.ts';

const phone = { ddd: '11', number: '912345678' };
const to = (state: FlowState, event: FlowEvent): FlowState => transition(state, event).state;

function reviewWithCard(settings: FlowSettings = { type: 'normal' }): FlowState {
  let state = initialState(settings);
  for (const event of [
    { type: 'session-opened', session: session('normal') },
    { type: 'dealer-chosen', dealer: VIVO },
    { type: 'branches-loaded', phone, data: PHONE_DATA },
    { type: 'amount-chosen', amount: { amountCents: 1500, amountKey: 'F15' } },
    { type: 'card-entered', card: CARD },
  ] as FlowEvent[]) state = to(state, event);
  return state;
}

const SCHEDULED: RechargeResult = {
  status: 'NOV', receipt: { customer: '', merchant: '' },
  schedule: { token: 'T'.repeat(43), status: 'active', every: 'month', times: 3, nextDate: '2027-01-15', manageUrl: `https://shop.example/schedules/${'T'.repeat(43)}` },
};

describe('flow: a monthly top-up', () => {
  it('the review takes the repeat choice and sends it with the card', () => {
    const review = to(reviewWithCard(), { type: 'repeat-chosen', repeat: { times: 3, startDate: '2027-01-15' } });
    expect(review.step).to.equal('review');
    const sent = transition(review, { type: 'confirmed', newKey: 'key-1' }).effect;
    expect(sent?.call).to.equal('recharge');
    const request = sent?.call === 'recharge' ? sent.request : undefined;
    expect(request?.repeat).to.deep.equal({ every: 'month', times: 3, startDate: '2027-01-15' });
    expect(request?.payment).to.deep.equal(CARD);
  });

  it('changing the choice after an attempt is a new attempt (a new key)', () => {
    const confirmed = transition(to(reviewWithCard(), { type: 'repeat-chosen', repeat: { times: 3, startDate: '2027-01-15' } }), { type: 'confirmed', newKey: 'key-1' }).state;
    const changed = to(confirmed, { type: 'repeat-chosen', repeat: { times: 4, startDate: '2027-01-15' } });
    const again = transition(changed, { type: 'confirmed', newKey: 'key-2' }).effect;
    expect(again?.call === 'recharge' && again.idempotencyKey).to.equal('key-2');
  });

  it('unticking it sends a one-off top-up', () => {
    const review = to(to(reviewWithCard(), { type: 'repeat-chosen', repeat: { times: 3, startDate: '2027-01-15' } }), { type: 'repeat-chosen' });
    expect(review.step === 'review' && rechargeRequest(review.order).repeat).to.equal(undefined);
  });

  it('the answer with a schedule shows the scheduled result; a refused card is a denial by the card', () => {
    const review = transition(to(reviewWithCard(), { type: 'repeat-chosen', repeat: { times: 3, startDate: '2027-01-15' } }), { type: 'confirmed', newKey: 'k' }).state;
    const scheduled = to(review, { type: 'recharged', result: SCHEDULED });
    expect(scheduled.step).to.equal('scheduled');
    expect(scheduled.step === 'scheduled' && scheduled.schedule.manageUrl).to.match(/\/schedules\//);
    const refused = to(review, { type: 'recharged', result: { status: 'NEG', receipt: { customer: '', merchant: '' }, schedule: { status: 'failed', every: 'month', times: 3 } } });
    expect(refused.step === 'failure' && refused.failure).to.deep.include({ kind: 'denied', deniedBy: 'card' });
  });

  it('a granted order has no card, so no repeat is sent', () => {
    const granted = { ...reviewWithCard(), settings: { type: 'normal' as const, grant: 'g' } };
    const review = to(granted, { type: 'repeat-chosen', repeat: { times: 3, startDate: '2027-01-15' } });
    if (review.step !== 'review') throw new Error('review expected');
    const { card: _none, ...order } = review.order;
    expect(rechargeRequest(order).repeat).to.equal(undefined);
  });

  it('monthly dates fall on the same day, or the month\'s last', () => {
    expect(['2027-01-31', '2027-02-28', '2027-03-31'].map((_, i) => addMonths('2027-01-31', i))).to.deep.equal(['2027-01-31', '2027-02-28', '2027-03-31']);
  });
});

describe('flow: a monthly top-up starting now', () => {
  const NOW_ANSWER: RechargeResult = {
    status: 'CON', receipt: { customer: 'RECARGA 15,00', merchant: 'M' }, payment: { status: 'CON', amountCents: 1500 },
    schedule: { token: 'N'.repeat(43), status: 'active', every: 'month', times: 3, nextDate: '2027-01-02', manageUrl: `https://shop.example/schedules/${'N'.repeat(43)}` },
  };

  it('"now" sends the repeat without startDate', () => {
    const review = to(reviewWithCard(), { type: 'repeat-chosen', repeat: { times: 3 } });
    const sent = transition(review, { type: 'confirmed', newKey: 'key-now' }).effect;
    const request = sent?.call === 'recharge' ? sent.request : undefined;
    expect(request?.repeat).to.deep.equal({ every: 'month', times: 3 });
    expect(JSON.parse(JSON.stringify(request)).repeat).to.deep.equal({ every: 'month', times: 3 });
  });

  it('the answer with the first top-up done shows the scheduled result with that answer (its receipt), and recharge-complete says so without the token', () => {
    const review = transition(to(reviewWithCard(), { type: 'repeat-chosen', repeat: { times: 3 } }), { type: 'confirmed', newKey: 'k' }).state;
    const scheduled = to(review, { type: 'recharged', result: NOW_ANSWER });
    if (scheduled.step !== 'scheduled') throw new Error(`scheduled expected, got ${scheduled.step}`);
    expect(scheduled.result.status).to.equal('CON');
    expect(scheduled.result.receipt.customer).to.equal('RECARGA 15,00');
    const target = new EventTarget();
    const details: CompleteDetail[] = [];
    target.addEventListener('recharge-complete', (event) => details.push((event as CustomEvent<CompleteDetail>).detail));
    emitScreen(target, scheduled, review, messagesFor('en'));
    expect(details).to.have.length(1);
    expect(details[0]).to.deep.include({ status: 'CON', type: 'normal', amountCents: 1500 });
    expect(details[0]!.schedule).to.deep.equal({ status: 'active', every: 'month', times: 3, nextDate: '2027-01-02' });
    expect(JSON.stringify(details[0])).not.to.include('N'.repeat(43));
  });

  it('a start date set up fires recharge-complete too, status NOV (nothing topped up now)', () => {
    const review = transition(to(reviewWithCard(), { type: 'repeat-chosen', repeat: { times: 3, startDate: '2027-01-15' } }), { type: 'confirmed', newKey: 'k' }).state;
    const scheduled = to(review, { type: 'recharged', result: SCHEDULED });
    const target = new EventTarget();
    const details: CompleteDetail[] = [];
    target.addEventListener('recharge-complete', (event) => details.push((event as CustomEvent<CompleteDetail>).detail));
    emitScreen(target, scheduled, review, messagesFor('en'));
    expect(details.map((detail) => [detail.status, detail.schedule?.nextDate])).to.deep.equal([['NOV', '2027-01-15']]);
  });

  it('an answer that was pending: once the session settles, the attempt\'s key asks for the answer again, with the schedule (no card sent)', () => {
    const review = transition(to(reviewWithCard(), { type: 'repeat-chosen', repeat: { times: 3 } }), { type: 'confirmed', newKey: 'key-now' }).state;
    const waiting = to(review, { type: 'recharge-pending', retryAfterMs: 2000 });
    expect(waiting.step).to.equal('pending');
    const { schedule: _none, ...settledResult } = NOW_ANSWER;
    const looked = transition(waiting, {
      type: 'looked-up',
      session: { id: 'sess-normal', type: 'normal', status: 'CON', createdAt: '2026-12-02T03:00:00Z', settled: true, result: settledResult },
    });
    const asked = looked.effect;
    expect(asked?.call).to.equal('recharge');
    if (asked?.call !== 'recharge') throw new Error('recharge call expected');
    expect(asked.idempotencyKey).to.equal('key-now');
    expect(asked.request.repeat).to.deep.equal({ every: 'month', times: 3 });
    expect(asked.request.payment).to.equal(undefined);
    const scheduled = to(looked.state, { type: 'recharged', result: NOW_ANSWER });
    expect(scheduled.step).to.equal('scheduled');
  });

  it('a denied card on "now" is a denial by the card', () => {
    const review = transition(to(reviewWithCard(), { type: 'repeat-chosen', repeat: { times: 3 } }), { type: 'confirmed', newKey: 'k' }).state;
    const refused = to(review, { type: 'recharged', result: { status: 'NEG', receipt: { customer: '', merchant: '' }, payment: { status: 'NEG', amountCents: 1500 }, schedule: { status: 'failed', every: 'month', times: 3 } } });
    expect(refused.step === 'failure' && refused.failure).to.deep.include({ kind: 'denied', deniedBy: 'card' });
  });
});

describe('repeat texts: what is charged when', () => {
  const texts = () => {
    const provided = repeatTexts();
    if (!provided) throw new Error('the repeat chunk provides its texts');
    return provided;
  };
  const later = [1, 2].map((months) => addMonths(dayFromToday(0), months).split('-').reverse().join('/'));

  it('now: today, then monthly; the card is charged today; the button says so (pt-BR, en, es)', () => {
    const cases = [
      ['pt-BR', `3 × R$ 15,00: hoje, depois em ${later.join(', ')}`, /Hoje seu cartão é cobrado em R\$ 15,00/, 'Recarregar agora e agendar mais 2', 'Recarga feita e recarga mensal agendada'],
      ['en', `3 × R$ 15,00: today, then on ${later.join(', ')}`, /Today your card is charged R\$ 15,00/, 'Top up now and schedule 2 more', 'Topped up, and monthly top-up scheduled'],
      ['es', `3 × R$ 15,00: hoy, luego el ${later.join(', ')}`, /Hoy se cobran R\$ 15,00/, 'Recargar ahora y programar 2 más', 'Recarga hecha y recarga mensual programada'],
    ] as const;
    for (const [lang, row, charged, button, heading] of cases) {
      const m = messagesFor(lang);
      expect(texts().row(m, 1500, { times: 3 })[1], lang).to.equal(row);
      expect(texts().whenCharged(m, 1500, { times: 3 }), lang).to.match(charged);
      expect(texts().confirm(m, { times: 3 }), lang).to.equal(button);
      expect(texts().scheduledHeading(m, true), lang).to.equal(heading);
    }
  });

  it('a start date: nothing today', () => {
    const m = messagesFor('en');
    expect(texts().whenCharged(m, 1500, { times: 3, startDate: '2027-01-15' })).to.match(/^Nothing is charged today/);
    expect(texts().confirm(m, { times: 3, startDate: '2027-01-15' })).to.equal('Schedule 3 monthly top-ups');
    expect(texts().scheduledHeading(m, false)).to.equal('Monthly top-up scheduled');
  });
});
