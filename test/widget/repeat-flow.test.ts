import { expect } from '@open-wc/testing';
import type { RechargeResult } from '../../proxy/browser-api.ts';
import { initialState, transition } from '../../widget/flow.ts';
import type { FlowEvent, FlowSettings, FlowState } from '../../widget/flow-state.ts';
import { rechargeRequest } from '../../widget/order-request.ts';
import { addMonths } from '../../widget/steps/repeat-messages.ts';
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
