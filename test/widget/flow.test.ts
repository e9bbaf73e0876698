import { expect } from '@open-wc/testing';
import type { CaratStatus, RechargeResult } from '../../proxy/browser-api.ts';
import {
  initialState, LOOK_MAX_MS, lookDelayMs, pendingOf, retryAfter, saysBusy, stepForField, transition, waitingFor, waysForward,
} from '../../widget/flow.ts';
import type { FailureKind, FlowEvent, FlowSettings, FlowState, PendingRecharge, Step, WayForward } from '../../widget/flow-state.ts';
import {
  BARCODE, BILL_DATA, BILL_QUESTION_DATA, CARD, DENIED, DONE, GAMES, PHONE_DATA, PHONE_DATA_WITH_QUESTION, PIN_DATA,
  PIN_DONE, PIN_WITHHELD, session, TV, TV_ASKS, UNDONE, VIVO,
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
    ['a PIN product paid by card (no phone; its question)', { type: 'others' }, [
      { type: 'session-opened', session: session('others') },
      { type: 'branches-loaded', dealer: GAMES, branch: GAMES.branches![0]!, data: PIN_DATA },
      { type: 'amount-chosen', amount: { amountCents: 2000 } },
      { type: 'answers-given', answers: [{ code: 'OK', description: 'SIM' }] },
      { type: 'card-entered', card: CARD },
      { type: 'recharged', result: PIN_DONE },
    ], ['opening', 'dealer', 'amount', 'questions', 'card', 'review', 'result']],
    ['a granted PIN product (no card step)', { type: 'others', grant: GRANT }, [
      { type: 'session-opened', session: session('others') },
      { type: 'branches-loaded', dealer: GAMES, branch: GAMES.branches![0]!, data: PIN_DATA },
      { type: 'amount-chosen', amount: { amountCents: 2000 } },
      { type: 'answers-given', answers: [{ code: 'OK', description: 'SIM' }] },
      { type: 'recharged', result: PIN_DONE },
    ], ['opening', 'dealer', 'amount', 'questions', 'review', 'result']],
    ['a bill paid by card: the bar code, the card, then the bill to confirm', { type: 'invoice' }, [
      { type: 'session-opened', session: session('invoice') },
      { type: 'branches-loaded', dealer: { code: '800', name: 'City Power' }, branch: { code: '80019000000', name: 'Electricity bill' }, data: BILL_QUESTION_DATA },
      { type: 'branches-loaded', barCode: BARCODE, data: BILL_DATA },
      { type: 'card-entered', card: CARD },
      { type: 'recharged', result: DONE },
    ], ['opening', 'dealer', 'barcode', 'card', 'review', 'result']],
    ['a TV recharge that asks for a package', { type: 'normal', grant: GRANT }, [
      { type: 'session-opened', session: session('normal') }, { type: 'dealer-chosen', dealer: TV },
      { type: 'branches-loaded', phone, data: PHONE_DATA }, amount15,
      { type: 'recharged', result: TV_ASKS }, { type: 'recharged', result: DONE },
    ], ['opening', 'dealer', 'phone', 'amount', 'review', 'tv-package', 'result']],
    ['a denied card, then another card in a new session', { type: 'normal' }, [
      ...toNormalReview(), { type: 'card-entered', card: CARD }, { type: 'recharged', result: DENIED },
      { type: 'another-card' }, { type: 'resumed', session: session('normal', 'sess-2'), data: PHONE_DATA },
    ], ['opening', 'dealer', 'phone', 'amount', 'card', 'review', 'failure', 'resuming', 'card']],
    ['an undone recharge (PPN), tried again in a new session', { type: 'normal', grant: GRANT }, [
      ...toNormalReview(), { type: 'recharged', result: UNDONE },
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
    const failed = to(review, { type: 'failed', failure: { kind: 'network', code: 'proxy_unreachable' } });
    expect(to(failed, { type: 'retry' })).to.equal(review);
  });

  it('says who denied: the card\'s issuer when a card was charged and its payment is NEG, else the operator', () => {
    const noCard = last(walk({ type: 'normal', grant: GRANT }, [...toNormalReview(), { type: 'recharged', result: DENIED }]));
    expect(noCard.step === 'failure' && noCard.failure.deniedBy).to.equal('operator');
    const { payment: _p, ...operatorNo } = DENIED;
    const withCard = last(walk({ type: 'normal' }, [...toNormalReview(), { type: 'card-entered', card: CARD }, { type: 'recharged', result: operatorNo }]));
    expect(withCard.step === 'failure' && withCard.failure.deniedBy).to.equal('operator');
  });

  it('carries the choices into the new session and drops the denied card', () => {
    const states = walk({ type: 'normal' }, [
      ...toNormalReview(), { type: 'card-entered', card: CARD }, { type: 'recharged', result: DENIED }, { type: 'another-card' },
      { type: 'resumed', session: session('normal', 'sess-2'), data: PHONE_DATA },
    ]);
    const failure = states[6]!;
    expect(failure.step === 'failure' && failure.failure).to.deep.equal({ kind: 'denied', code: 'NEG', deniedBy: 'card', reason: DENIED.message });
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
    const review = last(walk({ type: 'normal' }, [...toNormalReview(), { type: 'card-entered', card: CARD }]));
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
    // A granted widget never offers "start again": it would reuse the spent grant (409 grant_used).
    ['a denied top-up (granted)', [...toNormalReview(), { type: 'recharged', result: DENIED }], { type: 'normal', grant: GRANT }, ['another-operator']],
    ['an undone recharge (PPN, granted)', [...toNormalReview(), { type: 'recharged', result: { ...DENIED, status: 'PPN' } }], { type: 'normal', grant: GRANT }, ['retry']],
    ['the network down (granted)', [...toNormalReview(), { type: 'failed', failure: { kind: 'network', code: 'proxy_unreachable' } }], { type: 'normal', grant: GRANT }, ['retry']],
    ['a timeout (granted)', [...toNormalReview(), { type: 'failed', failure: { kind: 'timeout', code: 'gateway_timeout' } }], { type: 'normal', grant: GRANT }, ['retry']],
    ['an expired session (granted)', [...toNormalReview(), { type: 'failed', failure: { kind: 'expired', code: 'session_expired' } }], { type: 'normal', grant: GRANT }, ['retry']],
    ['a refused request (granted: back to the shop)', [...toNormalReview(), { type: 'failed', failure: { kind: 'refused', code: 'conflict' } }], { type: 'normal', grant: GRANT }, []],
    ['an undone recharge (PPN) paid by card', [...toNormalReview(), { type: 'card-entered', card: CARD }, { type: 'recharged', result: { ...DENIED, status: 'PPN' } }], { type: 'normal' }, ['retry', 'start-again']],
    ['a refused request paid by card', [...toNormalReview(), { type: 'card-entered', card: CARD }, { type: 'failed', failure: { kind: 'refused', code: 'conflict' } }], { type: 'normal' }, ['start-again']],
  ];
  for (const [name, events, settings, expected] of ways) {
    it(`offers ${expected.join(', ') || 'no button'} after ${name}`, () => {
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
    // The answer was lost: pending; the session settled without the recharge (it never reached the proxy).
    const lost = to(sent.state, { type: 'failed', failure: { kind: 'network', code: 'proxy_unreachable' } });
    const back = to(to(lost, looked(true)), { type: 'retry' });
    expect(transition(back, { type: 'confirmed', newKey: 'key-2' }).effect).to.deep.include({ idempotencyKey: 'key-1' });
    const tv = to(sent.state, { type: 'recharged', result: TV_ASKS });
    const chosen = transition(tv, { type: 'tv-package-chosen', code: 'PKG-FULL', newKey: 'key-3' });
    expect(chosen.effect).to.deep.include({ idempotencyKey: 'key-3' });
    expect(chosen.effect?.call === 'recharge' && chosen.effect.request.answers).to.deep.equal([{ code: '126', description: 'PKG-FULL' }]);
  });

  it('resumes in a new session with the order\'s branch data request', () => {
    const review = last(walk({ type: 'normal', grant: GRANT }, toNormalReview()));
    const failed = to(review, { type: 'recharged', result: UNDONE });
    const next = transition(failed, { type: 'retry' });
    expect(next.state.step).to.equal('resuming');
    expect(next.effect).to.deep.equal({ call: 'resume', type: 'normal', request: { dealerCode: '001', ddd: '11' }, grant: GRANT });
    expect(waitingFor(next.state)).to.deep.equal(next.effect);
  });
});

/** A look at the session: not settled yet, or settled with the recharge's final answer (or none). */
const looked = (settled: boolean, result?: RechargeResult): FlowEvent => ({
  type: 'looked-up',
  session: { id: 'sess-normal', type: 'normal', status: result?.status ?? (settled ? 'NOV' : 'PPC'), createdAt: '2026-12-02T03:00:00Z', settled, ...(result ? { result } : {}) },
});
const confirmed: FlowEvent = { type: 'confirmed', newKey: 'key-1' };
const sentTopUp = (data = PHONE_DATA): FlowEvent[] => [...toNormalReview(data), confirmed];
const pendingTopUp = (settings: FlowSettings = { type: 'normal', grant: GRANT }) => last(walk(settings, [
  ...toNormalReview(), ...(settings.grant === undefined ? [{ type: 'card-entered', card: CARD } as const] : []), confirmed,
  { type: 'recharge-pending', retryAfterMs: 2000 },
]));
const KEPT: PendingRecharge = { sessionId: 'sess-normal', type: 'normal', dealer: { code: '001', name: 'Vivo' }, amountCents: 1500, phone, retryAfterMs: 2000 };

describe('flow: a recharge whose outcome is not known yet (issue 9)', () => {
  const paths: Array<[string, FlowEvent[], Step[]]> = [
    ['the proxy answers 202, then the session settles as done', [
      ...sentTopUp(), { type: 'recharge-pending', retryAfterMs: 2000 }, looked(false), looked(true, DONE),
    ], ['opening', 'dealer', 'phone', 'amount', 'review', 'review', 'pending', 'pending', 'result']],
    ['the proxy answers 202, then the session settles as undone (PPN), tried again in a new session', [
      ...sentTopUp(), { type: 'recharge-pending', retryAfterMs: 2000 }, looked(true, UNDONE),
      { type: 'retry' }, { type: 'resumed', session: session('normal', 'sess-2'), data: PHONE_DATA },
    ], ['opening', 'dealer', 'phone', 'amount', 'review', 'review', 'pending', 'failure', 'resuming', 'review']],
    ['a timeout on the recharge call is pending, not undone', [
      ...sentTopUp(), { type: 'failed', failure: { kind: 'timeout', code: 'gateway_timeout' } }, looked(true, DONE),
    ], ['opening', 'dealer', 'phone', 'amount', 'review', 'review', 'pending', 'result']],
    ['a 5xx on the recharge call is pending too, and looking fails for a while', [
      ...sentTopUp(), { type: 'failed', failure: { kind: 'unavailable', code: 'gateway_unavailable' } },
      { type: 'failed', failure: { kind: 'network', code: 'proxy_unreachable' } }, looked(true, DONE),
    ], ['opening', 'dealer', 'phone', 'amount', 'review', 'review', 'pending', 'pending', 'result']],
    ['a lost connection the proxy never saw: settled without a recharge, "try again" returns to the review', [
      ...sentTopUp(), { type: 'failed', failure: { kind: 'network', code: 'proxy_unreachable' } }, looked(true), { type: 'retry' },
    ], ['opening', 'dealer', 'phone', 'amount', 'review', 'review', 'pending', 'failure', 'review']],
    ['a TV package\'s recharge answered 202', [
      { type: 'session-opened', session: session('normal') }, { type: 'dealer-chosen', dealer: TV },
      { type: 'branches-loaded', phone, data: PHONE_DATA }, amount15, confirmed, { type: 'recharged', result: TV_ASKS },
      { type: 'tv-package-chosen', code: 'PKG-FULL', newKey: 'key-2' }, { type: 'recharge-pending', retryAfterMs: 0 }, looked(true, DONE),
    ], ['opening', 'dealer', 'phone', 'amount', 'review', 'review', 'tv-package', 'tv-package', 'pending', 'result']],
  ];
  for (const [name, events, expected] of paths) {
    it(name, () => expect(steps(walk({ type: 'normal', grant: GRANT }, events))).to.deep.equal(expected));
  }

  it('offers nothing while pending: no second payment, no new session, no way back', () => {
    const pending = pendingTopUp({ type: 'normal' });
    const tries: FlowEvent[] = [
      confirmed, { type: 'retry' }, { type: 'start-again' }, { type: 'back' }, { type: 'another-card' }, { type: 'another-operator' },
      { type: 'type-chosen', rechargeType: 'normal' }, { type: 'recharged', result: DONE }, { type: 'session-opened', session: session('normal', 'sess-2') },
      { type: 'field-rejected', error: { field: 'phone.number' } },
    ];
    for (const event of tries) {
      const next = transition(pending, event);
      expect(next.state, event.type).to.equal(pending);
      expect(next.effect, event.type).to.equal(undefined);
    }
  });

  it('looks at the session after the wait the proxy asked, in the background, and again with a growing wait', () => {
    const entered = transition(last(walk({ type: 'normal', grant: GRANT }, sentTopUp())), { type: 'recharge-pending', retryAfterMs: 2000 });
    expect(entered.sameScreen).to.equal(undefined); // a new screen: announced, focused
    expect(entered.effect).to.deep.equal({ call: 'look-up', sessionId: 'sess-normal', afterMs: 2000 });
    expect(saysBusy(entered.effect!)).to.equal(false);
    let next = entered;
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      next = transition(next.state, i % 2 ? looked(false) : { type: 'failed', failure: { kind: 'network', code: 'proxy_unreachable' } });
      expect(next.sameScreen).to.equal(true);
      waits.push(next.effect?.call === 'look-up' ? next.effect.afterMs : -1);
    }
    expect(waits).to.deep.equal([2000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  const delays: Array<[number, number, number]> = [
    [0, 0, 0], [0, 1, 1000], [0, 2, 2000], [0, 5, 16000], [0, 6, LOOK_MAX_MS], [0, 40, LOOK_MAX_MS], [2000, 0, 2000], [2000, 1, 2000], [45000, 3, 45000],
  ];
  for (const [asked, looks, wait] of delays) {
    it(`waits ${wait} ms before look ${looks + 1} when the proxy asked ${asked} ms`, () => expect(lookDelayMs(asked, looks)).to.equal(wait));
  }

  const hints: Array<[unknown, number]> = [[1500, 1500], [0, 0], [-5, 1000], [Number.NaN, 1000], ['2000', 1000], [3_600_000, 60_000], [12.6, 13]];
  for (const [hint, ms] of hints) {
    it(`takes a retryAfterMs of ${String(hint)} as ${ms} ms`, () => expect(retryAfter(hint)).to.equal(ms));
  }

  const outcomes: Array<[CaratStatus, CaratStatus | undefined, FailureKind]> = [
    ['NEG', undefined, 'denied'], ['NEG', 'NEG', 'denied'], ['PPN', undefined, 'undone'], ['INV', undefined, 'undone'],
    ['EXP', 'PPN', 'undone'], ['PPN', 'CON', 'unconfirmed'], ['NEG', 'CON', 'unconfirmed'], ['EST', undefined, 'unconfirmed'],
    ['CAN', undefined, 'unconfirmed'], ['PPC', undefined, 'unconfirmed'], ['ERR', undefined, 'unconfirmed'],
  ];
  for (const [status, paymentStatus, kind] of outcomes) {
    it(`a settled ${status}${paymentStatus ? ` with payment ${paymentStatus}` : ''} is "${kind}"`, () => {
      const result: RechargeResult = { status, receipt: { customer: '', merchant: '' }, ...(paymentStatus ? { payment: { status: paymentStatus, amountCents: 1500 } } : {}) };
      for (const end of [to(pendingTopUp(), looked(true, result)), last(walk({ type: 'normal', grant: GRANT }, [...sentTopUp(), { type: 'recharged', result }]))]) {
        expect(end.step === 'failure' && end.failure.kind).to.equal(kind);
      }
    });
  }

  it('keeps what the pending screen needs, and never the card', () => {
    const pending = pendingTopUp({ type: 'normal' });
    const { attemptRequest, ...kept } = pendingOf(pending)!;
    expect(kept).to.deep.equal({ ...KEPT, attemptKey: 'key-1' });
    expect(attemptRequest).to.deep.equal({ dealerCode: '001', phone, amountCents: 1500, amountKey: 'F15' });
    expect(JSON.stringify(pendingOf(pending))).to.not.contain(CARD.card.number);
    expect(pendingOf(to(pending, looked(true, DONE)))).to.equal(undefined);
  });

  it('comes back pending after a reload, looks at once, and ends on the real result', () => {
    const kept = initialState({ type: 'normal', grant: GRANT }, KEPT);
    expect(kept.step).to.equal('pending');
    expect(waitingFor(kept)).to.deep.equal({ call: 'look-up', sessionId: 'sess-normal', afterMs: 2000 });
    const done = to(kept, looked(true, DONE));
    expect(done.step === 'result' && done.recharge).to.deep.equal({ sessionId: 'sess-normal', type: 'normal', dealer: { code: '001', name: 'Vivo' }, amountCents: 1500, phone });
  });

  it('after a reload, a purchase settled as done whose receipt the look withholds is asked for again with the kept key', () => {
    const kept = initialState({ type: 'normal', grant: GRANT }, { ...KEPT, attemptKey: 'key-1' });
    const asked = transition(kept, looked(true, PIN_WITHHELD));
    expect(asked.effect).to.deep.equal({
      call: 'recharge', sessionId: 'sess-normal', idempotencyKey: 'key-1',
      request: { dealerCode: '001', amountCents: 1500, phone },
    });
    const done = to(asked.state, { type: 'recharged', result: PIN_DONE });
    expect(done.step === 'result' && done.result).to.deep.equal(PIN_DONE);
    // Without a kept key (an older entry) the settled answer is shown as it is.
    const older = to(initialState({ type: 'normal', grant: GRANT }, KEPT), looked(true, PIN_WITHHELD));
    expect(older.step === 'result' && older.receiptWithheld).to.equal(true);
  });

  it('asks for a withheld answer again with the very request it sent, card aside (the proxy refuses a key with another request)', () => {
    // In memory, a TV package's request: with the package chosen.
    const tvPending = last(walk({ type: 'normal', grant: GRANT }, [
      { type: 'session-opened', session: session('normal') }, { type: 'dealer-chosen', dealer: TV },
      { type: 'branches-loaded', phone, data: PHONE_DATA }, amount15, confirmed, { type: 'recharged', result: TV_ASKS },
      { type: 'tv-package-chosen', code: 'PKG-FULL', newKey: 'key-2' }, { type: 'recharge-pending', retryAfterMs: 0 },
    ]));
    const asked = transition(tvPending, looked(true, PIN_WITHHELD)).effect;
    expect(asked?.call === 'recharge' && asked.idempotencyKey).to.equal('key-2');
    expect(asked?.call === 'recharge' && asked.request.answers).to.deep.equal([{ code: '126', description: 'PKG-FULL' }]);
    // After a reload, a PIN's kept request: its type and branch too, which the kept choice alone lacks.
    const PIN_REQUEST = { dealerCode: '905', typeCode: '02', branchCode: '97200000000', amountCents: 2000 };
    const kept = initialState({ type: 'normal', grant: GRANT }, { ...KEPT, attemptKey: 'key-1', attemptRequest: PIN_REQUEST });
    expect(transition(kept, looked(true, PIN_WITHHELD)).effect).to.deep.equal({
      call: 'recharge', sessionId: 'sess-normal', idempotencyKey: 'key-1', request: PIN_REQUEST,
    });
  });

  it('after a reload, a settled failure offers only to start again (the choices were not kept)', () => {
    const kept = initialState({ type: 'normal' }, KEPT);
    for (const result of [UNDONE, DENIED]) {
      const failed = to(kept, looked(true, result));
      expect(failed.step === 'failure' && waysForward(failed)).to.deep.equal(['start-again']);
      expect(to(failed, { type: 'retry' })).to.equal(failed);
    }
    const lost = to(kept, looked(true));
    expect(lost.step === 'failure' && waysForward(lost)).to.deep.equal(['start-again']);
  });

  it('a session the proxy no longer knows is unconfirmed: never "nothing was charged"', () => {
    const gone = to(pendingTopUp({ type: 'normal' }), { type: 'failed', failure: { kind: 'expired', code: 'not_found' } });
    expect(gone.step === 'failure' && gone.failure).to.deep.equal({ kind: 'unconfirmed', code: 'not_found' });
    expect(gone.step === 'failure' && waysForward(gone)).to.deep.equal(['start-again']);
  });

  it('an older proxy that cannot say whether it is settled: like a lost connection, the same attempt may be resent', () => {
    const { settled: _unknown, ...older } = (looked(true) as FlowEvent & { type: 'looked-up' }).session;
    const failed = to(pendingTopUp(), { type: 'looked-up', session: older as never });
    expect(failed.step === 'failure' && failed.failure.kind).to.equal('network');
    const review = to(failed, { type: 'retry' });
    expect(review.step === 'review' && review.attemptKey).to.equal('key-1');
  });

  it('is pending only for a recharge that was sent: a failure before it stays a failure', () => {
    const review = last(walk({ type: 'normal', grant: GRANT }, toNormalReview()));
    expect(to(review, { type: 'failed', failure: { kind: 'timeout', code: 'gateway_timeout' } }).step).to.equal('failure');
    expect(to(review, { type: 'recharge-pending', retryAfterMs: 0 })).to.equal(review);
    const sent = last(walk({ type: 'normal', grant: GRANT }, sentTopUp()));
    for (const kind of ['expired', 'rate-limited', 'refused', 'denied'] as const) {
      expect(to(sent, { type: 'failed', failure: { kind, code: kind } }).step, kind).to.equal('failure');
    }
  });
});

describe('flow: the card brands the proxy can charge', () => {
  it('carries the session\'s cardBrands in the order, and the new session\'s on resuming', () => {
    const opened = to(initialState({ type: 'normal' }), { type: 'session-opened', session: { ...session('normal'), cardBrands: ['visa'] } });
    expect('order' in opened && opened.order.cardBrands).to.deep.equal(['visa']);
    const older = to(initialState({ type: 'normal' }), { type: 'session-opened', session: session('normal') });
    expect('order' in older && older.order).to.not.have.property('cardBrands');
    const failed = last(walk({ type: 'normal' }, [
      { type: 'session-opened', session: { ...session('normal'), cardBrands: ['visa'] } }, { type: 'dealer-chosen', dealer: VIVO },
      { type: 'branches-loaded', phone, data: PHONE_DATA }, amount15, { type: 'card-entered', card: CARD }, { type: 'recharged', result: DENIED },
      { type: 'another-card' }, { type: 'resumed', session: { ...session('normal', 'sess-2'), cardBrands: ['visa', 'amex'] }, data: PHONE_DATA },
    ]));
    expect(failed.step === 'card' && failed.order.cardBrands).to.deep.equal(['visa', 'amex']);
  });
});
