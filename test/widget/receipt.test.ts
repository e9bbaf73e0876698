import { expect } from '@open-wc/testing';
import { findPin } from '../../widget/receipt.ts';

describe('receipt: the PIN printed in a PIN product\'s receipt', () => {
  const rows: Array<[string, string | undefined]> = [
    ['GAME STORE\nPIN: 1234-5678-9012\nVALOR R$ 20,00', '1234-5678-9012'],
    ['PIN:ABCD1234EFGH', 'ABCD1234EFGH'],
    ['PIN = 9876 5432', '9876'],
    ['pin: 4444-5555', '4444-5555'],
    ['PIN TELEFONE\nVALOR R$ 10,00', undefined],
    ['SPINNER: 12', undefined],
    ['', undefined],
  ];
  for (const [receipt, pin] of rows) {
    it(`finds ${pin ?? 'no PIN'} in ${JSON.stringify(receipt)}`, () => expect(findPin(receipt)).to.equal(pin));
  }
});
