/** The catalogue as clients see it: dealers per type, branch data per DDD, the general hash, PINs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUTH_KEY, confirm, inner, harnessForThisFile } from './harness.ts';

const h = harnessForThisFile();

const dealersOf = async (type: 'normal' | 'others' | 'invoice') => {
  const { nit } = await h.createNit(type);
  return inner(await h.call('GET', `/v3/rechargedealers?nit=${nit}&generalhash=0000000000000000`), 'list_dealers_response');
};
const normalBranches = async (dealer: string, ddd: string) => {
  const { nit } = await h.createNit('normal');
  return inner(await h.call('GET', `/v3/rechargebranches?nit=${nit}&ddd=${ddd}&dealercode=${dealer}`), 'list_branch_data_response');
};
const amountsOf = (branchData: any): string[] => branchData.categories.flatMap((c: any) => c.fixed_amounts.map((f: any) => f.amount));

describe('general hash', () => {
  it('is 16 uppercase hex, the same in every response, and changes when the catalogue changes', async () => {
    const hash = h.sandbox.generalHash();
    assert.match(hash, /^[0-9A-F]{16}$/);
    const dealers = await dealersOf('normal');
    assert.equal(dealers.hashes.general, hash);
    assert.equal((await normalBranches('001', '11')).hashes.general, hash);
    const vivoBefore = amountsOf(await normalBranches('001', '11'));

    h.sandbox.bumpCatalogue();
    const bumped = h.sandbox.generalHash();
    assert.notEqual(bumped, hash);
    assert.match(bumped, /^[0-9A-F]{16}$/);
    assert.equal((await dealersOf('normal')).hashes.general, bumped);
    const vivoAfter = await normalBranches('001', '11');
    assert.equal(vivoAfter.hashes.general, bumped);
    assert.equal(amountsOf(vivoAfter).length, vivoBefore.length + 1, 'the bump adds an amount');
  });
});

describe('dealers', () => {
  it('lists the phone dealers for normal, PIN/TV products with type and branches for others, billers for invoice', async () => {
    assert.deepEqual((await dealersOf('normal')).dealers, [
      { name: 'Vivo', code: '001' }, { name: 'Claro', code: '002' }, { name: 'Oi', code: '003' }, { name: 'Tim', code: '004' },
    ]);
    const others = (await dealersOf('others')).dealers;
    const codes = others.map((d: any) => d.code);
    for (const code of ['905', '902', '901', '910']) assert.ok(codes.includes(code), code);
    const eprepag = others.find((d: any) => d.code === '901');
    assert.equal(eprepag.type_code, '03');
    assert.ok(eprepag.branches.some((b: any) => b.code === '98006000000'));
    const invoice = (await dealersOf('invoice')).dealers;
    assert.deepEqual(invoice.map((d: any) => [d.code, d.branches[0].code]), [['800', '80019000000']]);
  });
});

describe('normal branch data', () => {
  it('gives amounts in cents as strings, ranges, bonus, validity, questions and payment methods', async () => {
    const vivo = await normalBranches('1', '31');
    const category = vivo.categories[0];
    const thirty = category.fixed_amounts.find((f: any) => f.amount === '3000');
    assert.deepEqual(
      [thirty.amount_key, thirty.bonus, thirty.expiry_date, thirty.bonus_category],
      ['3', '500', '30', '02'],
    );
    const range = category.amount_ranges[0];
    assert.deepEqual([range.min_amount, range.max_amount, range.amount_key], ['500', '10000', '7']);
    assert.equal(vivo.questions[0].display, 'Qual o nome do seu pai?');
    assert.equal(typeof vivo.payment_methods.max, 'number');
    assert.ok(vivo.payment_methods.available.every((m: any) => typeof m.name === 'string'));
  });

  it('words each amount and range for the shopper, in pt-BR, since a widget shows the message as it is', async () => {
    const tim = (await normalBranches('004', '21')).categories[0];
    assert.deepEqual(tim.amount_ranges.map((r: any) => r.message), ['Recarga de R$ 10,00 a R$ 200,00']);
    assert.equal(tim.fixed_amounts.find((f: any) => f.amount === '2500').message, 'Recarga de R$ 25,00');
    const claroSaoPaulo = (await normalBranches('002', '11')).categories[0];
    assert.equal(claroSaoPaulo.fixed_amounts.find((f: any) => f.amount === '12000').message, 'Recarga de R$ 120,00');
  });

  it('differs per DDD: Claro offers R$ 120,00 in São Paulo state (11–19) only', async () => {
    assert.ok(amountsOf(await normalBranches('002', '11')).includes('12000'));
    assert.ok(amountsOf(await normalBranches('002', '19')).includes('12000'));
    assert.ok(!amountsOf(await normalBranches('002', '21')).includes('12000'));
  });

  it('accepts a regional amount only in its DDDs when recharging', async () => {
    const put = async (ddd: string) => {
      const { nit } = await h.createNit('normal');
      return inner(await h.call('PUT', `/v3/recharge/${nit}`, {
        do_recharge_request: { dealer: { code: '002' }, phone: { ddd, number: '912345678' }, amount: '12000' },
      }), 'do_recharge_response').esitef.code;
    };
    assert.equal(await put('11'), '0');
    assert.notEqual(await put('21'), '0');
  });
});

describe('others branch data (PUT)', () => {
  it('accepts the body wrapped in list_branch_data_request or unwrapped (Q3)', async () => {
    const { nit } = await h.createNit('others');
    const dealer = { code: '905', type_code: '02', branch: { code: '97200000000' } };
    const wrapped = inner(await h.call('PUT', `/v3/rechargebranches/${nit}`, { list_branch_data_request: { dealer } }), 'list_branch_data_response');
    const bare = inner(await h.call('PUT', `/v3/rechargebranches/${nit}`, { dealer }), 'list_branch_data_response');
    assert.equal(wrapped.esitef.code, '0');
    assert.deepEqual(bare.categories, wrapped.categories);
    assert.deepEqual(amountsOf(bare), ['1000', '2000']);
  });

  it('gift card: the confirmation question answered in branch data is not asked again', async () => {
    const { nit } = await h.createNit('others');
    const dealer = { code: '903', type_code: '04', branch: { code: '99002000000' } };
    const asked = inner(await h.call('PUT', `/v3/rechargebranches/${nit}`, { dealer }), 'list_branch_data_response');
    assert.deepEqual(asked.questions.map((q: any) => q.id), ['10']);
    const answered = inner(await h.call('PUT', `/v3/rechargebranches/${nit}`, { dealer, answers: [{ code: '10', description: 'SIM' }] }), 'list_branch_data_response');
    assert.deepEqual(answered.questions, []);
    const done = inner(await h.call('PUT', `/v3/recharge/${nit}`, { do_recharge_request: { dealer, amount: '10000' } }), 'do_recharge_response');
    assert.equal(done.status, 'PPC');
  });
});

describe('PIN products', () => {
  it('print the PIN once, in the do-recharge customer receipt; status queries never return it', async () => {
    const { nit } = await h.createNit('others');
    const dealer = { code: '902', type_code: '02', branch: { code: '97001000000' } };
    const done = await h.call('PUT', `/v3/recharge/${nit}`, { do_recharge_request: { dealer, amount: '1500' } });
    const pin = /PIN: (\d{4}-\d{4}-\d{4})/.exec(inner(done, 'do_recharge_response').customer.receipt)?.[1];
    assert.ok(pin, 'the receipt shows the PIN');
    assert.ok(!inner(done, 'do_recharge_response').merchant.receipt.includes(pin), 'the merchant copy has no PIN');
    const before = await h.call('GET', `/v3/recharge/${nit}?merchantkey=${AUTH_KEY}`);
    assert.ok(!before.text.includes(pin));
    await h.call('PUT', `/v3/recharge/${nit}`, confirm('true'));
    const afterConfirm = await h.call('GET', `/v3/recharge/${nit}/?merchantkey=${AUTH_KEY}`);
    assert.equal(inner(afterConfirm, 'get_status_recharge_response').status, 'CON');
    assert.ok(!afterConfirm.text.includes(pin));
    assert.match(inner(afterConfirm, 'get_status_recharge_response').customer.receipt, /PIN: \*{4}/);
  });

  it('give different PINs to different sales', async () => {
    const pins = new Set<string>();
    for (let i = 0; i < 3; i += 1) {
      const { nit } = await h.createNit('others');
      const dealer = { code: '901', type_code: '03', branch: { code: '98000000000' } };
      const r = inner(await h.call('PUT', `/v3/recharge/${nit}`, { do_recharge_request: { dealer, amount: '1000' } }), 'do_recharge_response');
      pins.add(/PIN: (\S+)/.exec(r.customer.receipt)?.[1] ?? '');
    }
    assert.equal(pins.size, 3);
  });
});
