import { expect } from '@open-wc/testing';
import { expectedConfirmation } from '../../widget/steps/questions-step.ts';

describe('expectedConfirmation: Carat\'s "Digite SIM" questions', () => {
  const rows: Array<[string, number | undefined, number | undefined, { ask: string; answer: string } | undefined]> = [
    ['Confirma a emissao do PIN? Digite SIM', 3, 3, { ask: 'Confirma a emissao do PIN?', answer: 'SIM' }],
    ['Confirma a recarga? digite "sim".', 3, 3, { ask: 'Confirma a recarga?', answer: 'SIM' }],
    ['Digite SIM', undefined, undefined, { ask: '', answer: 'SIM' }],
    ['Digite SIM', 4, 10, undefined], // the word would not pass Carat's bounds: a text box stays
    ['Digite o CPF do titular', 11, 11, undefined],
    ['CPF of the line holder', 11, 11, undefined],
  ];
  for (const [display, minLength, maxLength, expected] of rows) {
    it(`"${display}" (${minLength ?? '-'}..${maxLength ?? '-'}) → ${expected?.answer ?? 'a text box'}`, () =>
      expect(expectedConfirmation({ id: 'q', display, ...(minLength ? { minLength } : {}), ...(maxLength ? { maxLength } : {}) })).to.deep.equal(expected));
  }
});
