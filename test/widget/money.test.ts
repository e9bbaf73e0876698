import { expect } from '@open-wc/testing';
import { formatBrl } from '../../proxy/browser-rules.ts';
import { bonusCentsOf, formatBasisPoints, parseBrl } from '../../widget/money.ts';

describe('money: integer cents as Brazilian reais', () => {
  const formats: Array<[number, string]> = [
    [0, 'R$ 0,00'], [5, 'R$ 0,05'], [1500, 'R$ 15,00'], [1550, 'R$ 15,50'], [99999, 'R$ 999,99'],
    [100000, 'R$ 1.000,00'], [123456789, 'R$ 1.234.567,89'], [-1500, '-R$ 15,00'],
  ];
  for (const [cents, text] of formats) {
    it(`formats ${cents} cents as "${text}"`, () => expect(formatBrl(cents)).to.equal(text));
  }

  it('refuses a fraction of a cent rather than rounding money', () => {
    expect(() => formatBrl(15.5)).to.throw(RangeError);
  });

  const parses: Array<[string, number | undefined]> = [
    ['15', 1500], ['15,5', 1550], ['15,50', 1550], ['R$ 15,00', 1500], ['r$15', 1500], ['1.234,56', 123456],
    ['15.50', 1550], ['15.5', 1550], [' 20 ', 2000], ['0,01', 1],
    ['', undefined], ['abc', undefined], ['15,555', undefined], ['1.23,00', undefined], ['-5', undefined], ['15,', undefined],
  ];
  for (const [text, cents] of parses) {
    it(`reads "${text}" as ${cents === undefined ? 'not an amount' : `${cents} cents`}`, () => expect(parseBrl(text)).to.equal(cents));
  }

  const percents: Array<[number, string]> = [[100, '1%'], [1000, '10%'], [1050, '10,5%'], [1025, '10,25%'], [5, '0,05%']];
  for (const [bp, text] of percents) {
    it(`shows a bonus of ${bp} basis points as ${text}`, () => expect(formatBasisPoints(bp)).to.equal(text));
  }
});

describe('bonusCentsOf', () => {
  const rows: Array<[number, { bonusCents?: number; bonusBasisPoints?: number }, number]> = [
    [3000, { bonusCents: 500 }, 500], [2550, { bonusBasisPoints: 1000 }, 255], [1999, { bonusBasisPoints: 1050 }, 209], [1500, {}, 0],
    [3000, { bonusCents: 500, bonusBasisPoints: 1000 }, 500],
  ];
  for (const [amount, terms, bonus] of rows) it(`${amount} with ${JSON.stringify(terms)} → ${bonus}`, () => expect(bonusCentsOf(amount, terms)).to.equal(bonus));
});
