/** The do_recharge_request the proxy builds (§3.5): dealer.type_code from the dealer list, used_payment_methods when branch data asks. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RechargeRequest } from '../../../proxy/browser-api.ts';
import type { ListBranchDataResponse } from '../../../proxy/carat/responses.ts';
import { buildDoRechargeRequest } from '../../../proxy/recharge/do-recharge-request.ts';
import type { SessionRecord } from '../../../proxy/store/session-store.ts';

const SESSION: SessionRecord = {
  id: 's1', type: 'normal', nit: 'N'.repeat(64), status: 'NOV', createdAt: '2026-11-24T08:00:00.000Z', generalHash: '0000000000000000',
  dealers: [{ code: '003', name: 'Claro', type_code: '03' }, { code: '001', name: 'Vivo' }], branchData: {}, steps: [],
};
const OPTIONS = { merchantKey: 'KEY', authorizerIds: { visa: '1' }, sendCardHolder: false };
const AGREED = { paymentAmountCents: 2000 };
const request = (dealerCode: string): RechargeRequest => ({ dealerCode, phone: { ddd: '31', number: '998877665' }, amountCents: 2000 });
const branchData = (extra: Partial<ListBranchDataResponse> = {}) => ({ esitef: { code: '0' }, questions: [], general: [], categories: [], ...extra }) as ListBranchDataResponse;

describe('the do-recharge request', () => {
  test('dealer.type_code is sent on a normal recharge when the dealer list gave one, and only then', () => {
    const withType = buildDoRechargeRequest(SESSION, request('003'), branchData(), AGREED, OPTIONS);
    assert.deepEqual(withType.dealer, { code: '003', type_code: '03' });
    const without = buildDoRechargeRequest(SESSION, request('001'), branchData(), AGREED, OPTIONS);
    assert.deepEqual(without.dealer, { code: '001' });
  });

  test('used_payment_methods go with the do when branch data asked (send_payment_methods), from the listed types, within max', () => {
    const asked = branchData({ send_payment_methods: 'true', payment_methods: { max: '1', available: '02:03-13(5,125), 00' } });
    assert.deepEqual(buildDoRechargeRequest(SESSION, request('001'), asked, AGREED, OPTIONS).used_payment_methods, ['00:2000']);
    const notAsked = branchData({ payment_methods: { max: '1', available: '00' } });
    assert.equal(buildDoRechargeRequest(SESSION, request('001'), notAsked, AGREED, OPTIONS).used_payment_methods, undefined);
  });
});
