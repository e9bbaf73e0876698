/**
 * The card brands this proxy can charge are those with a Carat authorizer id (CARAT_AUTHORIZER_IDS):
 * the creation answer lists them (cardBrands), a card of another brand is refused before Carat with
 * a message naming payment.card.number, and a configured brand goes out under its own id. The card
 * holder reaches Carat only with CARAT_SEND_CARD_HOLDER=true.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { DEFAULT_AUTHORIZER_ID_MAP } from '../../../proxy/config.ts';
import type { RechargeDeps } from '../../../proxy/recharge/recharge-deps.ts';
import { grantFor, newKey, startStack, type Stack } from '../support/stack.ts';

const TOP_UP = { dealerCode: '003', phone: { ddd: '31', number: '998877665' }, amountCents: 2000 };
const card = (number: string, holder?: string) =>
  ({ ...TOP_UP, payment: { card: { number, expiry: '12/35', securityCode: '123', ...(holder ? { holder } : {}) }, installments: 1 } });
const MASTERCARD = '5555555555554444';
const ELO = '5090000000000000';

describe('card brands and authorizer ids', () => {
  let stack: Stack;
  let deps: RechargeDeps;
  const sentPayments: Array<Record<string, any>> = [];
  afterEach(async () => {
    await stack.close();
  });

  async function start(change: Partial<RechargeDeps> = {}): Promise<void> {
    sentPayments.length = 0;
    stack = await startStack({
      auth: 'signature',
      app: {
        onRechargeDeps: (wired) => {
          deps = wired;
          Object.assign(deps, change);
          const { carat } = deps;
          deps.carat = { ...carat, doRecharge: (nit, request) => (sentPayments.push(request.payment as Record<string, any>), carat.doRecharge(nit, request)) };
        },
      },
    });
  }
  const create = async () => (await stack.call('POST', '/api/recharges', { type: 'normal' })).body;
  const pay = (id: string, body: object) => stack.call('POST', `/api/recharges/${id}/recharge`, body, { 'Idempotency-Key': newKey() });

  test('a real gateway\'s default is only Visa (the one id the reference documents): listed, and another brand refused at payment.card.number before Carat', async () => {
    await start({ authorizerIds: DEFAULT_AUTHORIZER_ID_MAP });
    const session = await create();
    assert.deepEqual(session.cardBrands, ['visa']);
    const refused = await pay(session.id, card(MASTERCARD));
    assert.equal(refused.status, 400, refused.text);
    assert.equal(refused.body.error.field, 'payment.card.number');
    assert.match(refused.body.error.message, /Mastercard cards cannot be charged here; accepted brands: Visa/);
    assert.equal(sentPayments.length, 0, 'nothing reached Carat');
    const paid = await pay(session.id, card('4111111111111111', 'MARIA SILVA'));
    assert.equal(paid.body.status, 'CON', paid.text);
    assert.equal(sentPayments[0]!.authorizer_id, '1');
    assert.equal(sentPayments[0]!.card.holder, undefined, 'no holder unless CARAT_SEND_CARD_HOLDER=true');
  });

  test('configured brands are listed and sent under their own ids; the holder goes when asked for', async () => {
    await start({ authorizerIds: { visa: '1', mastercard: '2', elo: '9' }, sendCardHolder: true });
    const session = await create();
    assert.deepEqual([...session.cardBrands].sort(), ['elo', 'mastercard', 'visa']);
    const paid = await pay(session.id, card(ELO, 'MARIA SILVA'));
    assert.equal(paid.body.status, 'CON', paid.text);
    assert.equal(sentPayments[0]!.authorizer_id, '9');
    assert.equal(sentPayments[0]!.card.holder, 'MARIA SILVA');
  });

  test('without REST Payment (CARAT_API_URL unset) a PIN or a bill is refused at creation unless granted: no dead card form', async () => {
    await start({ payments: undefined });
    for (const type of ['others', 'invoice'] as const) {
      const refused = await stack.call('POST', '/api/recharges', { type });
      assert.equal(refused.status, 400, refused.text);
      assert.equal(refused.body.error.field, 'type');
      assert.match(refused.body.error.message, /need an order grant/);
    }
    assert.deepEqual(stack.caratCalls(), [], 'no transaction opened at Carat for a sale that could not be paid');
    const granted = await stack.call('POST', '/api/recharges', { type: 'others', grant: grantFor('others') });
    assert.equal(granted.status, 201, granted.text);
    assert.equal((await stack.call('POST', '/api/recharges', { type: 'normal' })).status, 201, 'a top-up is paid through REST Recharge itself');
  });
});
