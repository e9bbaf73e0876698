import { expect } from '@open-wc/testing';
import { barcodeGroups } from '../../widget/barcode.ts';

describe('barcodeGroups', () => {
  const rows: Array<[string, string[]]> = [
    ['836600000011234567890123456789012345678901234567', ['83660000001-1', '23456789012-3', '45678901234-5', '67890123456-7']],
    ['23790123456789012345678901234567890123456789012', ['23790.12345', '67890.123456', '78901.234567', '8', '90123456789012']],
    ['83660000001234567890123456789012345678901234', ['83660000001', '23456789012', '34567890123', '45678901234']],
    ['1234567', ['12345', '67']],
    ['', []],
  ];
  for (const [digits, groups] of rows) {
    it(`${digits.length} digits → ${groups.join(' ')}`, () => expect(barcodeGroups(digits)).to.deep.equal(groups));
  }
});
