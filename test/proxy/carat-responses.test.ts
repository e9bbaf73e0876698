/**
 * The proxy reads every documented Carat response (test/fixtures/carat, copied from the vendor's
 * examples): numbers where strings were expected, and fields it does not know, are fine.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { z } from 'zod';
import {
  BeginRechargeResponseSchema, ConfirmRechargeResponseSchema, DoRechargeResponseSchema, ListBranchDataResponseSchema,
  ListDealersResponseSchema, RechargeStatusResponseSchema,
} from '../../proxy/carat/responses.ts';
import { branchDataView } from '../../proxy/recharge/catalogue/catalogue-view.ts';
import { parsePaymentMethods } from '../../proxy/recharge/catalogue/payment-methods.ts';

function example(name: string, wrapper: string): unknown {
  const json = JSON.parse(readFileSync(new URL(`../fixtures/carat/${name}`, import.meta.url), 'utf8'));
  return json[wrapper];
}

const EXAMPLES: Array<[string, string, z.ZodType]> = [
  ['recharge-create.all-params.response.json', 'begin_recharge_response', BeginRechargeResponseSchema],
  ['dealers.normal.response.json', 'list_dealers_response', ListDealersResponseSchema],
  ['dealers.others.response.partial.json', 'list_dealers_response', ListDealersResponseSchema],
  ['branches.normal.response.partial.json', 'list_branch_data_response', ListBranchDataResponseSchema],
  ['recharge-do.normal-with-payment.response.json', 'do_recharge_response', DoRechargeResponseSchema],
  ['recharge-do.normal-without-payment.response.json', 'do_recharge_response', DoRechargeResponseSchema],
  ['recharge-do.others.response.json', 'do_recharge_response', DoRechargeResponseSchema],
  ['recharge-do.invoice.response.json', 'do_recharge_response', DoRechargeResponseSchema],
  ['recharge-confirm.response.json', 'confirm_recharge_response', ConfirmRechargeResponseSchema],
  ['recharge-status.response.partial.json', 'get_status_recharge_response', RechargeStatusResponseSchema],
];

describe('documented Carat responses', () => {
  for (const [file, wrapper, schema] of EXAMPLES) {
    test(`${file} is read`, () => {
      const parsed = schema.safeParse(example(file, wrapper));
      assert.ok(parsed.success, parsed.error?.message);
      assert.equal((parsed.data as { esitef: { code: string } }).esitef.code, '0');
    });
  }

  test('the documented branch data becomes the browser view, in cents and days', () => {
    const data = ListBranchDataResponseSchema.parse(example('branches.normal.response.partial.json', 'list_branch_data_response'));
    const view = branchDataView(data);
    assert.deepEqual(view.categories, [{
      code: '01', description: 'RECARGA', fixedAmounts: [],
      amountRanges: [{ minCents: 500, maxCents: 10000, amountKey: '7', bonusCents: 50, bonusBasisPoints: 100, paymentAmountCents: 700, validityDays: 30, bonusValidityDays: 15, bonusCategory: '1', message: 'MSG_FAIXA_1' }],
    }]);
    assert.deepEqual(view.questions, [{ id: '5', display: 'Qual o nome do seu pai?', minLength: 5, maxLength: 30, type: 'i', rule: '3' }]);
    assert.deepEqual(view.messages, ['MENSAGEM DE TESTE']);
  });

  test('numbers where strings were documented (total_copies: 3, max: 4) come out as strings', () => {
    const answer = DoRechargeResponseSchema.parse(example('recharge-do.normal-with-payment.response.json', 'do_recharge_response'));
    assert.equal(answer.customer?.total_copies, '3');
    assert.equal(answer.payment?.status, 'PPC');
    assert.equal(parsePaymentMethods(answer.payment_methods).max, 4);
  });

  test("the invoice example's payment methods: known types kept, unknown ones (04–06) skipped", () => {
    const answer = DoRechargeResponseSchema.parse(example('recharge-do.invoice.response.json', 'do_recharge_response'));
    assert.equal(answer.send_payment_methods, 'true');
    assert.deepEqual(parsePaymentMethods(answer.payment_methods).available.map((method) => method.type), ['00', '01', '02', '03']);
  });

  test('unknown fields are dropped, at any depth', () => {
    const parsed = ListDealersResponseSchema.parse({
      esitef: { code: '0', extra: 1 }, status: 'NOV', surprise: { a: 1 },
      dealers: [{ code: '001', name: 'Vivo', logo: 'x', branches: [{ code: '1', name: 'b', colour: 'red' }] }],
    });
    assert.deepEqual(parsed, { esitef: { code: '0' }, status: 'NOV', dealers: [{ code: '001', name: 'Vivo', branches: [{ code: '1', name: 'b' }] }] });
  });
});
