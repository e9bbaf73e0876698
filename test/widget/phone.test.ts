import { expect } from '@open-wc/testing';
import { checkPhone, formatPhone, isValidDdd, isValidMobileNumber, maskMobileNumber, maskPhone, splitPhone } from '../../widget/phone.ts';

describe('phone: area codes and mobile numbers', () => {
  const ddds: Array<[string, boolean]> = [
    ['11', true], ['21', true], ['61', true], ['99', true], ['47', true],
    ['10', false], ['20', false], ['23', false], ['1', false], ['111', false], ['0a', false], ['', false],
  ];
  for (const [ddd, valid] of ddds) {
    it(`${valid ? 'accepts' : 'refuses'} area code "${ddd}"`, () => expect(isValidDdd(ddd)).to.equal(valid));
  }

  const numbers: Array<[string, boolean]> = [
    ['912345678', true], ['987654321', true], ['812345678', false], ['91234567', false], ['9123456789', false], ['9123-4567', false],
  ];
  for (const [number, valid] of numbers) {
    it(`${valid ? 'accepts' : 'refuses'} mobile number "${number}"`, () => expect(isValidMobileNumber(number)).to.equal(valid));
  }

  const masks: Array<[string, string]> = [
    ['9', '9'], ['91234', '91234'], ['912345', '91234-5'], ['912345678', '91234-5678'], ['91234-5678', '91234-5678'],
    ['91234 5678', '91234-5678'], ['9123456789999', '91234-5678'],
  ];
  for (const [typed, shown] of masks) {
    it(`masks "${typed}" as "${shown}"`, () => expect(maskMobileNumber(typed)).to.equal(shown));
  }

  it('writes a full number the Brazilian way', () => expect(formatPhone('11', '912345678')).to.equal('(11) 91234-5678'));

  const checks: Array<[string, string, ReturnType<typeof checkPhone>]> = [
    ['11', '912345678', []], ['20', '912345678', ['ddd']], ['11', '12345678', ['number']], ['2', '91234', ['ddd', 'number']],
  ];
  for (const [ddd, number, problems] of checks) {
    it(`finds ${problems.join(' and ') || 'nothing'} wrong in (${ddd}) ${number}`, () => expect(checkPhone(ddd, number)).to.deep.equal(problems));
  }

  const splits: Array<[string, string, string]> = [
    ['(11) 98765-4321', '11', '987654321'], ['11987654321', '11', '987654321'], ['11 98765 4321', '11', '987654321'],
    ['+55 11 98765-4321', '11', '987654321'], ['+55 (11) 98765-4321', '11', '987654321'], ['5511987654321', '11', '987654321'],
    ['011 98765-4321', '11', '987654321'], ['(55) 98765-4321', '55', '987654321'], ['+55 55 98765-4321', '55', '987654321'],
    ['(2', '2', ''], ['', '', ''],
  ];
  for (const [text, ddd, number] of splits) {
    it(`splits "${text}" into (${ddd}) ${number}`, () => expect(splitPhone(text)).to.deep.equal({ ddd, number }));
  }

  const fullMasks: Array<[string, boolean, string]> = [
    ['1', false, '(1'], ['11', false, '(11) '], ['119', false, '(11) 9'], ['11987654321', false, '(11) 98765-4321'],
    ['+55 11 98765-4321', false, '(11) 98765-4321'], ['(11) ', true, '(11'], ['(11', true, '(11'], ['', false, ''],
  ];
  for (const [typed, deleting, shown] of fullMasks) {
    it(`masks "${typed}"${deleting ? ' (deleting)' : ''} as "${shown}"`, () => expect(maskPhone(typed, deleting)).to.equal(shown));
  }
});
