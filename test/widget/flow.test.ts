import { expect } from '@open-wc/testing';
import type { RechargeResult } from '../../proxy/browser-api.ts';
import { initialState, stepForField, transition, waitingFor, waysForward } from '../../widget/flow.ts';
import type { FlowEvent, FlowSettings, FlowState, Step, WayForward } from '../../widget/flow-state.ts';
import {
  BARCODE, BILL_DATA, BILL_QUESTION_DATA, CARD, DENIED, DONE, GAMES, PHONE_DATA, PHONE_DATA_WITH_QUESTION, PIN_DATA,
  PIN_DONE, PIN_WITHHELD, session, TV, TV_ASKS, VIVO,
} from './catalogue.ts';

/** Feeds the events in order and returns every state passed through, the first included. */
function walk(settings: FlowSettings, events: FlowEvent[]): FlowState[] {
  const states = [initialState(settings)];
  for (const event of events) states.push(to(states[states.length - 1]!, event));
  return states;
}
/** The next state only (the path tests); transition() also gives the call to start. */
const to = (state: FlowState, event: FlowEvent): FlowState => transition(state, event).state;
const steps = (states: FlowState[]): Step[] => states.map((s) => s.step);
/** The merchant's order grant, as the widget's grant attribute holds it (the widget never reads it). */
const GRANT = 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJ0ZXN0In0.c2lnbmF0dXJl';
const last = (states: FlowState[]) => states[states.length - 1]!;

const phone = { ddd: '11', number: '912345678' };
const amount15 = { type: 'amount-chosen', amount: { amountCents: 1500, amountKey: 'F15' } } as const;
const toNormalReview = (data = PHONE_DATA): FlowEvent[] => [
  { type: 'session-opened', session: session('normal') },
  { type: 'dealer-chosen', dealer: VIVO },
  { type: 'branches-loaded', phone, data },
  amount15,
];

describe('flow: the path of steps for each kind of recharge', () => {
  const paths: Array<[string, FlowSettings, FlowEvent[], Step[]]> = [
    ['a top-up where the shopper picks the type', { grant: GRANT }, [
      { type: 'type-chosen', rechargeType: 'normal' }, ...toNormalReview(), { type: 'recharged', result: DONE },
    ], ['type', 'opening', 'dealer', 'phone', 'amount', 'review', 'result']],
    ['a top-up paid by card', { type: 'normal' }, [
      ...toNormalReview(), { type: 'card-entered', card: CARD }, { type: 'recharged', result: DONE },
    ], ['opening', 'dealer', 'phone', 'amount', 'card', 'review', 'result']],
    ['a top-up whose operator asks a question', { type: 'normal', grant: GRANT }, [
      ...toNormalReview(PHONE_DATA_WITH_QUESTION), { type: 'answers-given', answers: [{ code: 'CPF', description: '12345678901' }] },
    ], ['opening', 'dealer', 'phone', 'amount', 'questions', 'review']],
    ['a PIN product (no phone; its question; never a card)', { type: 'others' }, [
      { type: 'session-opened', session: session('others') },
      { type: 'branches-loaded', dealer: GAMES, branch: GAMES.branches![0]!, data: PIN_DATA },
      { type: 'amount-chosen', amount: { amountCents: 2000 } },
      { type: 'answers-given', answers: [{ code: 'OK', description: 'SIM' }] },
      { type: 'recharged', result: PIN_DONE },
    ], ['opening', 'dealer', 'amount', 'questions', 'review', 'result']],
    ['a bill: the bar code, then the bill to confirm', { type: 'invoice' }, [
      { type: 'session-opened', session: session('invoice') },
      { type: 'branches-loaded', dealer: { code: '800', name: 'City Power' }, branch: { code: '80019000000', name: 'Electricity bill' }, data: BILL_QUESTION_DATA },
      { type: 'branches-loaded', barCode: BARCODE, data: BILL_DATA },
      { type: 'recharged', result: DONE },
    ], ['opening', 'dealer', 'barcode', 'review', 'result']],
    ['a TV recharge that asks for a package', { type: 'normal', grant: GRANT }, [
      { type: 'session-opened', session: session('normal') }, { type: 'dealer-chosen', dealer: TV },
      { type: 'branches-loaded', phone, data: PHONE_DATA }, amount15,
      { type: 'recharged', result: TV_ASKS }, { type: 'recharged', result: DONE },
    ], ['opening', 'dealer', 'phone', 'amount', 'review', 'tv-package', 'result']],
    ['a denied card, then another card in a new session', { type: 'normal' }, [
      ...toNormalReview(), { type: 'card-entered', card: CARD }, { type: 'recharged', result: DENIED },
      { type: 'another-card' }, { type: 'resumed', session: session('normal', 'sess-2'), data: PHONE_DATA },
    ], ['opening', 'dealer', 'phone', 'amount', 'card', 'review', 'failure', 'resuming', 'card']],
    ['a timeout while recharging, tried again in a new session', { type: 'normal', grant: GRANT }, [
      ...toNormalReview(), { type: 'failed', failure: { kind: 'timeout', code: 'gateway_timeout' } },
      { type: 'retry' }, { type: 'resumed', session: session('normal', 'sess-2'), data: PHONE_DATA },
    ], ['opening', 'dealer', 'phone', 'amount', 'review', 'failure', 'resuming', 'review']],
    ['a session that expired while loading amounts', { grant: GRANT }, [
      { type: 'type-chosen', rechargeType: 'normal' }, { type: 'session-opened', session: session('normal') },
      { type: 'dealer-chosen', dealer: VIVO }, { type: 'failed', failure: { kind: 'expired', code: 'session_expired' } }, { type: 'retry' },
    ], ['type', 'opening', 'dealer', 'phone', 'failure', 'opening']],
    ['the proxy rejecting the phone number at the recharge', { type: 'normal', grant: GRANT }, [
      ...toNormalReview(), { type: 'field-rejected', error: { field: 'phone.number' } },
    ], ['opening', 'dealer', 'phone', 'amount', 'review', 'phone']],
    ['going back from the review to the start', {}, [
      { type: 'type-chosen', rechargeType: 'normal' }, ...toNormalReview(), { type: 'card-entered', card: CARD },
      { type: 'back' }, { type: 'back' }, { type: 'back' }, { type: 'back' }, { type: 'back' },
    ], ['type', 'opening', 'dealer', 'phone', 'amount', 'card', 'review', 'card', 'amount', 'phone', 'dealer', 'type']],
    ['a new recharge after the result', { type: 'normal', grant: GRANT }, [
      ...toNormalReview(), { type: 'recharged', result: DONE }, { type: 'start-again' },
    ], ['opening', 'dealer', 'phone', 'amount', 'review', 'result', 'opening']],
  ];
  for (const [name, settings, events, expected] of paths) {
    it(name, () => expect(steps(walk(settings, events))).to.deep.equal(expected));
  }
});

describe('flow: the rules behind the paths', () => {
  it('ignores an event that does not belong to the step (same state back)', () => {
    const state = last(walk({ type: 'normal', grant: GRANT }, toNormalReview()));
    expect(to(state, { type: 'amount-chosen', amount: { amountCents: 1 } })).to.equal(state);
    expect(to(state, { type: 'session-opened', session: session('normal') })).to.equal(state);
  });

  it('has no card step with the merchant\'s grant, and always one without it', () => {
    const withGrant = last(walk({ type: 'normal', grant: GRANT }, toNormalReview()));
    expect(withGrant.step).to.equal('review');
    const without = last(walk({ type: 'normal' }, toNormalReview()));
    expect(without.step).to.equal('card');
  });

  it('opens the session (and a resumed one) with the merchant\'s grant', () => {
    expect(waitingFor(initialState({ type: 'normal', grant: GRANT, near: true }))).to.deep.equal({ call: 'open-session', type: 'normal', grant: GRANT });
    expect(waitingFor(initialState({ type: 'normal', near: true }))).to.deep.equal({ call: 'open-session', type: 'normal' });
  });

  it('"try again" after a lost connection returns to the very same review (so the same Idempotency-Key)', () => {
    const review = last(walk({ type: 'normal', grant: GRANT }, toNormalReview()));
    const failed = to(review, { type: 'failed', failure: { kind: 'network', code: 'network' } });
    expect(to(failed, { type: 'retry' })).to.equal(review);
  });

  it('carries the choices into the new session and drops the denied card', () => {
    const states = walk({ type: 'normal' }, [
      ...toNormalReview(), { type: 'card-entered', card: CARD }, { type: 'recharged', result: DENIED }, { type: 'another-card' },
      { type: 'resumed', session: session('normal', 'sess-2'), data: PHONE_DATA },
    ]);
    const failure = states[6]!;
    expect(failure.step === 'failure' && failure.failure).to.deep.equal({ kind: 'denied', code: 'NEG', reason: DENIED.message });
    const card = last(states);
    expect(card.step === 'card' && card.order.sessionId).to.equal('sess-2');
    expect(card.step === 'card' && card.order.card).to.equal(undefined);
    expect(card.step === 'card' && card.order.amount.amountCents).to.equal(1500);
    expect(card.step === 'card' && card.order.phone).to.deep.equal(phone);
  });

  const receipts: Array<[string, RechargeResult, boolean]> = [
    ['a top-up', DONE, false], ['a PIN product', PIN_DONE, false], ['a PIN product replayed after the receipt was dropped', PIN_WITHHELD, true],
  ];
  for (const [name, result, withheld] of receipts) {
    it(`ends ${name} on the result ${withheld ? 'saying its receipt is withheld' : 'with its receipt'}`, () => {
      const end = last(walk({ type: 'normal', grant: GRANT }, [...toNormalReview(), { type: 'recharged', result }]));
      expect(end.step === 'result' && end.receiptWithheld).to.equal(withheld);
    });
  }

  it('takes the amount of a bill from the bill', () => {
    const review = last(walk({ type: 'invoice', grant: GRANT }, [
      { type: 'session-opened', session: session('invoice') },
      { type: 'branches-loaded', dealer: { code: '800', name: 'City Power' }, data: BILL_QUESTION_DATA },
      { type: 'branches-loaded', barCode: BARCODE, data: BILL_DATA },
    ]));
    expect(review.step === 'review' && review.order.amount.amountCents).to.equal(12345);
  });

  it('asks the bar code again, at the field, when a bar code found no bill', () => {
    const again = last(walk({ type: 'invoice', grant: GRANT }, [
      { type: 'session-opened', session: session('invoice') },
      { type: 'branches-loaded', dealer: { code: '800', name: 'City Power' }, data: BILL_QUESTION_DATA },
      { type: 'branches-loaded', barCode: '123', data: BILL_QUESTION_DATA },
    ]));
    expect(again.step).to.equal('barcode');
    expect(again.step === 'barcode' && again.fieldError).to.deep.equal({ field: 'invoice.barCode' });
  });

  it('sends a rejected card field back to the card step without the card', () => {
    const review = last(walk({ type: 'normal' }, [...toNormalReview(), { type: 'card-entered', card: CARD }]));
    const card = to(review, { type: 'field-rejected', error: { field: 'payment.card.expiry' } });
    expect(card.step).to.equal('card');
    expect(card.step === 'card' && card.order.card).to.equal(undefined);
  });

  it('turns a rejected field it cannot show into a failure to start again from', () => {
    const review = last(walk({ type: 'normal', grant: GRANT }, toNormalReview()));
    const failed = to(review, { type: 'field-rejected', error: { field: 'terminal' } });
    expect(failed.step === 'failure' && waysForward(failed)).to.deep.equal(['start-again']);
  });

  const fields: Array<[string, 'normal' | 'invoice', Step | undefined]> = [
    ['dealerCode', 'normal', 'dealer'], ['branchCode', 'invoice', 'dealer'], ['ddd', 'normal', 'phone'], ['phone.number', 'normal', 'phone'],
    ['amountCents', 'normal', 'amount'], ['amountKey', 'normal', 'amount'], ['answers.0.description', 'normal', 'questions'],
    ['answers.0.description', 'invoice', 'barcode'], ['invoice.barCode', 'invoice', 'barcode'], ['payment.card.number', 'normal', 'card'],
    ['payment.installments', 'normal', 'card'], ['whatever', 'normal', undefined],
  ];
  for (const [field, type, step] of fields) {
    it(`shows a rejected "${field}" (${type}) at the ${step ?? 'failure'} step`, () => expect(stepForField(field, type)).to.equal(step));
  }

  const ways: Array<[string, FlowEvent[], FlowSettings, WayForward[]]> = [
    ['a denied card', [...toNormalReview(), { type: 'card-entered', card: CARD }, { type: 'recharged', result: DENIED }], { type: 'normal' }, ['another-card', 'another-operator', 'start-again']],
    ['a denied top-up', [...toNormalReview(), { type: 'recharged', result: DENIED }], { type: 'normal', grant: GRANT }, ['another-operator', 'start-again']],
    ['an undone recharge (PPN)', [...toNormalReview(), { type: 'recharged', result: { ...DENIED, status: 'PPN' } }], { type: 'normal', grant: GRANT }, ['retry', 'start-again']],
    ['the network down', [...toNormalReview(), { type: 'failed', failure: { kind: 'network', code: 'network' } }], { type: 'normal', grant: GRANT }, ['retry', 'start-again']],
    ['a timeout', [...toNormalReview(), { type: 'failed', failure: { kind: 'timeout', code: 'gateway_timeout' } }], { type: 'normal', grant: GRANT }, ['retry', 'start-again']],
    ['an expired session', [...toNormalReview(), { type: 'failed', failure: { kind: 'expired', code: 'session_expired' } }], { type: 'normal', grant: GRANT }, ['retry', 'start-again']],
    ['a refused request', [...toNormalReview(), { type: 'failed', failure: { kind: 'refused', code: 'conflict' } }], { type: 'normal', grant: GRANT }, ['start-again']],
  ];
  for (const [name, events, settings, expected] of ways) {
    it(`offers ${expected.join(', ')} after ${name}`, () => {
      const state = last(walk(settings, events));
      expect(state.step).to.equal('failure');
      expect(state.step === 'failure' && waysForward(state)).to.deep.equal(expected);
    });
  }
});

describe('flow: the calls it asks for (every decision in the machine)', () => {
  const opened = (settings: FlowSettings, type: 'normal' | 'others' | 'invoice' = 'normal') =>
    transition(initialState({ type, ...settings }), { type: 'session-opened', session: session(type) });

  it('opens a preset type\'s session only once the widget is near the viewport', () => {
    const far = initialState({ type: 'normal', grant: GRANT });
    expect(far.step).to.equal('opening');
    expect(transition(far, { type: 'retry' }).effect).to.equal(undefined);
    const near = transition(far, { type: 'came-near' });
    expect(near.effect).to.deep.equal({ call: 'open-session', type: 'normal', grant: GRANT });
    expect(near.sameScreen).to.equal(true);
    expect(transition(near.state, { type: 'came-near' }).effect).to.equal(undefined);
  });

  it('remembers being near on any step, and opens at once when the shopper picks a type', () => {
    const type = transition(initialState({ grant: GRANT }), { type: 'came-near' });
    expect(type.effect).to.equal(undefined);
    expect(type.sameScreen).to.equal(true);
    expect(transition(type.state, { type: 'type-chosen', rechargeType: 'others' }).effect).to.deep.equal({ call: 'open-session', type: 'others', grant: GRANT });
    expect(transition(initialState({ grant: GRANT }), { type: 'type-chosen', rechargeType: 'others' }).effect).to.equal(undefined);
  });

  it('asks no call after a phone top-up\'s operator, and the branch data after a PIN product\'s', () => {
    const phone = transition(opened({ grant: GRANT }).state, { type: 'dealer-chosen', dealer: VIVO });
    expect(phone.state.step).to.equal('phone');
    expect(phone.effect).to.equal(undefined);
    const pin = transition(opened({ grant: GRANT }, 'others').state, { type: 'dealer-chosen', dealer: GAMES, branch: GAMES.branches![0]! });
    expect(pin.state.step).to.equal('dealer');
    expect(pin.sameScreen).to.equal(true);
    expect(pin.effect).to.deep.equal({
      call: 'branch-data', sessionId: 'sess-others', request: { dealerCode: '101', typeCode: '02', branchCode: '10100000001' },
      lookedUp: { dealer: GAMES, branch: GAMES.branches![0]! },
    });
  });

  it('looks the amounts up for the phone\'s area code', () => {
    const atPhone = to(opened({ grant: GRANT }).state, { type: 'dealer-chosen', dealer: VIVO });
    const next = transition(atPhone, { type: 'phone-entered', phone });
    expect(next.effect).to.deep.equal({ call: 'branch-data', sessionId: 'sess-normal', request: { dealerCode: '001', ddd: '11' }, lookedUp: { phone } });
  });

  it('skips a preset operator once: not after "choose another operator"', () => {
    const preset: FlowSettings = { grant: GRANT, dealer: '001' };
    expect(opened(preset).state.step).to.equal('phone');
    expect(opened({ ...preset, dealer: '999' }).state.step).to.equal('dealer');
    const denied = last(walk({ type: 'normal', ...preset }, [{ type: 'session-opened', session: session('normal') }, { type: 'branches-loaded', phone, data: PHONE_DATA }, amount15, { type: 'recharged', result: DENIED }]));
    expect(denied.step).to.equal('failure');
    const again = to(denied, { type: 'another-operator' });
    expect(to(again, { type: 'session-opened', session: session('normal', 'sess-2') }).step).to.equal('dealer');
    const fresh = to(denied, { type: 'start-again' });
    expect(to(fresh, { type: 'session-opened', session: session('normal', 'sess-3') }).step).to.equal('phone');
  });

  it('keeps the attempt\'s Idempotency-Key in the state: the same on "try again", a new one for a TV package', () => {
    const review = last(walk({ type: 'normal', grant: GRANT }, toNormalReview()));
    const sent = transition(review, { type: 'confirmed', newKey: 'key-1' });
    expect(sent.effect).to.deep.include({ call: 'recharge', sessionId: 'sess-normal', idempotencyKey: 'key-1' });
    const failed = to(sent.state, { type: 'failed', failure: { kind: 'network', code: 'network' } });
    const back = to(failed, { type: 'retry' });
    expect(transition(back, { type: 'confirmed', newKey: 'key-2' }).effect).to.deep.include({ idempotencyKey: 'key-1' });
    const tv = to(sent.state, { type: 'recharged', result: TV_ASKS });
    const chosen = transition(tv, { type: 'tv-package-chosen', code: 'PKG-FULL', newKey: 'key-3' });
    expect(chosen.effect).to.deep.include({ idempotencyKey: 'key-3' });
    expect(chosen.effect?.call === 'recharge' && chosen.effect.request.answers).to.deep.equal([{ code: '126', description: 'PKG-FULL' }]);
  });

  it('resumes in a new session with the order\'s branch data request', () => {
    const review = last(walk({ type: 'normal', grant: GRANT }, toNormalReview()));
    const failed = to(review, { type: 'failed', failure: { kind: 'timeout', code: 'gateway_timeout' } });
    const next = transition(failed, { type: 'retry' });
    expect(next.state.step).to.equal('resuming');
    expect(next.effect).to.deep.equal({ call: 'resume', type: 'normal', request: { dealerCode: '001', ddd: '11' }, grant: GRANT });
    expect(waitingFor(next.state)).to.deep.equal(next.effect);
  });
});
