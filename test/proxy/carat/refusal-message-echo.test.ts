/**
 * Carat's esitef.message reaches the browser through describeRefusal / requireSuccess
 * (carat/client.ts safeCaratMessage). A gateway that echoes the card ("cartão 4111… recusado", as
 * many acquirers do) must not put a full card number into the browser's answer or error message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCaratClient } from '../../../proxy/carat/client.ts';
import { GatewayFailure, type CaratHttp } from '../../../proxy/carat/http.ts';

const PAN = '4111111111111111';
const SHORT_KEY = 'ShopKey2024';

function clientAnswering(message: string) {
  const http: CaratHttp = {
    async send() {
      return { esitef: { code: '1', message }, status: 'NOV' };
    },
  };
  return createCaratClient({ http, merchantKey: SHORT_KEY });
}

for (const [name, message] of [
  ['a plain card number', `Transacao negada: cartao ${PAN} invalido`],
  ['a grouped card number', 'Cartao 4111 1111 1111 1111 recusado'],
] as const) {
  test(`a Carat refusal echoing ${name} does not reach the browser's message`, async () => {
    const client = clientAnswering(message);
    const refusal = client.describeRefusal(message);
    const digits = refusal.replace(/\D/g, '');
    assert.ok(!digits.includes(PAN), `describeRefusal kept the card number: ${refusal}`);
    assert.ok(!refusal.toLowerCase().includes(SHORT_KEY.toLowerCase()), `describeRefusal kept the merchant key: ${refusal}`);
    await assert.rejects(client.getRechargeStatus('n'.repeat(64)), (error: unknown) => {
      assert.ok(error instanceof GatewayFailure);
      assert.ok(!error.message.replace(/\D/g, '').includes(PAN), `error message kept the card number: ${error.message}`);
      assert.ok(!error.message.toLowerCase().includes(SHORT_KEY.toLowerCase()), `error message kept the key: ${error.message}`);
      return true;
    });
  });
}
