/**
 * REST Payment's and REST Schedule's `message` reaches the browser ("The card was denied: …", a refusal's error). An
 * acquirer that echoes the card in groups ("4111 1111 1111 1111") must not put it there, as the
 * recharge client already ensures (refusal-message-echo.test.ts); nor in any other spelling.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayFailure, type CaratHttp } from '../../../proxy/carat/http.ts';
import { createPaymentClient } from '../../../proxy/carat/payment-client.ts';
import { createScheduleClient } from '../../../proxy/carat/schedule-client.ts';

const PAN = '4111111111111111';
const CARD = { number: PAN, expiryDate: '1239', securityCode: '123' };
const ECHOES = ['Cartao 4111 1111 1111 1111 recusado', 'Cartao 4111-1111-1111-1111 recusado', 'Cartao 4111.1111.1111.1111 recusado'];

function answering(body: unknown) {
  const http: CaratHttp = { send: async () => body };
  return createPaymentClient({ http, merchantId: 'shop42', merchantKey: 'ShopKey2024' });
}

for (const echo of ECHOES) {
  test(`a denial echoing the card (${echo}) keeps it out of the outcome's message`, async () => {
    const outcome = await answering({ code: '2', message: echo, payment: { status: 'NEG' } }).pay('n'.repeat(64), CARD, { authorizerId: '1' });
    assert.equal(outcome.approved, false);
    assert.ok(!outcome.message.replace(/\D/g, '').includes(PAN), outcome.message);
  });

  test(`a refusal echoing the card (${echo}) keeps it out of the error`, async () => {
    await assert.rejects(answering({ code: '5', message: echo }).confirmPayment('n'.repeat(64), true), (error: unknown) => {
      assert.ok(error instanceof GatewayFailure);
      assert.ok(!error.message.replace(/\D/g, '').includes(PAN), error.message);
      return true;
    });
  });
}

for (const echo of ECHOES) {
  test(`a schedule refusal echoing the card (${echo}) keeps it out of the error`, async () => {
    const http: CaratHttp = { send: async () => ({ code: '5', message: echo }) };
    const client = createScheduleClient({ http, merchantId: 'shop42', merchantKey: 'ShopKey2024' });
    await assert.rejects(client.querySchedule('s'.repeat(64)), (error: unknown) => {
      assert.ok(error instanceof GatewayFailure);
      assert.ok(!error.message.replace(/\D/g, '').includes(PAN), error.message);
      return true;
    });
  });
}
