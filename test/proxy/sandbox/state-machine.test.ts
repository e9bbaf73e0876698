/** Recharge statuses per recharge type: NOV → PPC (AGU for TV) → CON / PPN, and what is refused. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUTH_KEY, confirm, inner, normalRecharge, harnessForThisFile } from './harness.ts';

const h = harnessForThisFile();

const put = (nit: string, body: unknown) => h.call('PUT', `/v3/recharge/${nit}`, body);
const statusOf = async (nit: string) =>
  inner(await h.call('GET', `/v3/recharge/${nit}/?merchantkey=${AUTH_KEY}`), 'get_status_recharge_response').status;

describe('normal recharge', () => {
  it('goes NOV → PPC → CON when confirmed', async () => {
    const { nit } = await h.createNit('normal');
    assert.equal(await statusOf(nit), 'NOV');
    const done = inner(await put(nit, normalRecharge()), 'do_recharge_response');
    assert.equal(done.esitef.code, '0');
    assert.equal(done.status, 'PPC');
    assert.equal(h.sandbox.transaction(nit)?.status, 'PPC');
    const confirmed = inner(await put(nit, confirm('true')), 'confirm_recharge_response');
    assert.equal(confirmed.esitef.code, '0');
    assert.equal(confirmed.status, 'CON');
    assert.equal(await statusOf(nit), 'CON');
  });

  it('goes PPC → PPN when undone', async () => {
    const { nit } = await h.createNit('normal');
    await put(nit, normalRecharge());
    const undone = inner(await put(nit, confirm('false')), 'confirm_recharge_response');
    assert.equal(undone.esitef.code, '0');
    assert.equal(undone.status, 'PPN');
    assert.equal(await statusOf(nit), 'PPN');
  });

  it('refuses a confirmation on a transaction that is not PPC', async () => {
    const { nit } = await h.createNit('normal');
    const early = inner(await put(nit, confirm('true')), 'confirm_recharge_response');
    assert.notEqual(early.esitef.code, '0');
    assert.match(early.esitef.message, /PPC/);
    await put(nit, normalRecharge());
    await put(nit, confirm('true'));
    const twice = inner(await put(nit, confirm('false')), 'confirm_recharge_response');
    assert.notEqual(twice.esitef.code, '0');
    assert.equal(await statusOf(nit), 'CON');
  });

  it('refuses a second do-recharge on the same NIT', async () => {
    const { nit } = await h.createNit('normal');
    await put(nit, normalRecharge());
    const again = inner(await put(nit, normalRecharge()), 'do_recharge_response');
    assert.notEqual(again.esitef.code, '0');
    assert.equal(again.status, 'PPC');
  });
});

describe('others recharge', () => {
  it('sells a game PIN: PPC then CON', async () => {
    const { nit } = await h.createNit('others');
    const dealer = { code: '901', type_code: '03', branch: { code: '98006000000' } };
    const done = inner(await put(nit, { do_recharge_request: { dealer, amount: '3000' } }), 'do_recharge_response');
    assert.equal(done.status, 'PPC');
    assert.match(done.customer.receipt, /PIN: \d{4}-\d{4}-\d{4}/);
    assert.equal(inner(await put(nit, confirm('true')), 'confirm_recharge_response').status, 'CON');
  });

  it('TV: first answers AGU with a resubmit, then PPC with the chosen package, then CON', async () => {
    const { nit } = await h.createNit('others');
    const dealer = { code: '910', type_code: '05', branch: { code: '91000000000' } };
    const first = inner(await put(nit, { do_recharge_request: { dealer, amount: '4990' } }), 'do_recharge_response');
    assert.equal(first.esitef.code, '0');
    assert.equal(first.status, 'AGU');
    assert.equal(first.resubmit_transaction, 'true');
    assert.ok(first.tv_package_subscription_codes.length > 0);
    assert.equal(h.sandbox.transaction(nit)?.status, 'AGU');

    const noChoice = inner(await put(nit, { do_recharge_request: { dealer, amount: '4990', answers: [{ code: '126', description: 'NOPE' }] } }), 'do_recharge_response');
    assert.notEqual(noChoice.esitef.code, '0');

    const pkg = first.tv_package_subscription_codes[1];
    const second = inner(await put(nit, { do_recharge_request: { dealer, amount: '4990', answers: [{ code: '126', description: pkg }] } }), 'do_recharge_response');
    assert.equal(second.esitef.code, '0');
    assert.equal(second.status, 'PPC');
    assert.equal(inner(await put(nit, confirm('true')), 'confirm_recharge_response').status, 'CON');
  });
});

describe('invoice recharge', () => {
  it('asks for the bar code, then returns the bill, which is paid: PPC then CON', async () => {
    const { nit } = await h.createNit('invoice');
    const dealer = { code: '800', branch: { code: '80019000000' } };
    const ask = inner(await h.call('PUT', `/v3/rechargebranches/${nit}`, { list_branch_data_request: { dealer } }), 'list_branch_data_response');
    assert.equal(ask.esitef.code, '0');
    assert.deepEqual(ask.questions.map((q: { id: string }) => q.id), ['BARCODE']);

    const barCode = '84670000001435900240200240500024384221010811';
    const bill = inner(await h.call('PUT', `/v3/rechargebranches/${nit}`, {
      list_branch_data_request: { dealer, answers: [{ code: 'BARCODE', description: barCode }] },
    }), 'list_branch_data_response');
    assert.equal(bill.esitef.code, '0');
    assert.ok(bill.invoice_holder_name.length > 0);
    assert.match(bill.echo, /^\d{1,11}$/);
    assert.equal(bill.invoices.bar_code, barCode);
    assert.equal(bill.invoices.amount, '14359');
    assert.match(bill.invoices.expiry_date, /^20\d{6}$/);

    const invoice = { bar_code: barCode, description: 'Conta', expiry_date: '01012030', reference_data: '122029', echo: bill.echo };
    const wrongAmount = inner(await put(nit, { do_recharge_request: { dealer, amount: '100', invoice } }), 'do_recharge_response');
    assert.notEqual(wrongAmount.esitef.code, '0');
    const done = inner(await put(nit, { do_recharge_request: { dealer, amount: bill.invoices.amount, invoice } }), 'do_recharge_response');
    assert.equal(done.status, 'PPC');
    assert.equal(done.send_payment_methods, 'true');
    assert.equal(inner(await put(nit, confirm('true')), 'confirm_recharge_response').status, 'CON');
  });
});
