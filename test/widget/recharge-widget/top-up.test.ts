import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { BranchData } from '../../../proxy/browser-api.ts';
import { PHONE_DATA } from '../catalogue.ts';
import { Shopper } from '../shopper.ts';

describe('<recharge-widget>: a shopper tops up a phone', () => {
  it('says each fact of an amount once on its chip: the bonus with its own validity, then the credit\'s', async () => {
    const category = PHONE_DATA.categories[0]!;
    const amounts: BranchData = { ...PHONE_DATA, categories: [{ ...category, amountRanges: [], fixedAmounts: [
      { amountCents: 3000, amountKey: 'F30', bonusCents: 500, bonusValidityDays: 15, validityDays: 30 },
      { amountCents: 2000, amountKey: 'F20', bonusCents: 300, bonusValidityDays: 30, validityDays: 30 },
      { amountCents: 1000, amountKey: 'F10', validityDays: 1 },
    ] }] };
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '001' });
    await shopper.reach('phone');
    shopper.proxy.next('branches', { status: 200, body: amounts });
    await shopper.enterPhone('11', '91234-5678');
    await shopper.reach('amount');
    const chips = () => [...shopper.root.querySelectorAll('[part~=chip] [part~=bonus]')].map((terms) => terms.textContent);
    expect(chips()).to.deep.equal([
      '+ R$ 5,00 bonus, valid for 15 days · credit valid for 30 days',
      '+ R$ 3,00 bonus · valid for 30 days',
      'valid for 1 day',
    ]);
    shopper.el.lang = 'pt-BR';
    await shopper.el.updateComplete;
    expect(chips()).to.deep.equal([
      '+ R$ 5,00 de bônus, válido por 15 dias · crédito válido por 30 dias',
      '+ R$ 3,00 de bônus · válido por 30 dias',
      'válido por 1 dia',
    ]);
    shopper.el.lang = 'es';
    await shopper.el.updateComplete;
    expect(chips()[0]).to.equal('+ R$ 5,00 de bono, válido por 15 días · crédito válido por 30 días');
  });

  it('goes type → operator → phone → amount → review → result, with an event per step and a receipt', async () => {
    const shopper = await Shopper.visit({ lang: 'en' });
    expect(shopper.heading().textContent).to.equal('What would you like to pay?');
    await shopper.choose('Mobile top-up');
    await shopper.click('Continue');
    await shopper.reach('dealer');
    await shopper.chooseDealer('Vivo');
    await shopper.reach('phone');
    await shopper.enterPhone('11', '91234-5678');
    await shopper.reach('amount');
    expect(shopper.text()).to.contain('R$ 30,00').and.contain('+ R$ 5,00 bonus, valid for 15 days · credit valid for 60 days');
    expect(shopper.text(), 'the operator\'s "Recarga de R$ 30,00" only restates the chip').to.not.contain('Recarga de');
    await shopper.chooseAmount('R$ 15,00');
    await shopper.reach('review');
    expect(shopper.text()).to.contain('(11) 91234-5678').and.contain('R$ 15,00').and.contain('Vivo');
    await shopper.click('Top up');
    await shopper.reach('result');
    expect(shopper.heading().textContent).to.equal('Top-up done');
    expect(shopper.root.querySelector('[part~=receipt]')!.textContent).to.contain('RECARGA R$ 15,00');
    expect(shopper.text()).to.contain('R$ 15,00 to (11) 91234-5678.'); // the plain summary by the check mark
    expect(shopper.steps).to.deep.equal(['type', 'opening', 'dealer', 'phone', 'amount', 'review', 'result']);

    const sent = shopper.proxy.of('recharge')[0]!;
    expect(sent.body).to.deep.equal({ dealerCode: '001', phone: { ddd: '11', number: '912345678' }, amountCents: 1500, amountKey: 'F15' });
    expect(sent.idempotencyKey).to.match(/^[A-Za-z0-9_-]{8,128}$/);
    const complete = shopper.events.find((e) => e.type === 'recharge-complete')!;
    expect(complete.detail).to.deep.equal({ id: 'sess-1', type: 'normal', status: 'CON', dealerCode: '001', amountCents: 1500 });
    expect(complete.bubbles && complete.composed).to.equal(true);

    // Granted (the harness's default): no "New recharge" that would reuse the spent grant.
    expect(shopper.text()).to.contain('Your order is complete.');
    expect([...shopper.root.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.not.include('New recharge');
  });

  it('labels every control as the issue says, and moves focus to each new heading', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    // The operators are chips: a radio group named by its legend, each chip named by the operator.
    expect(shopper.group('Operator').getAttribute('role')).to.equal('radiogroup');
    expect(shopper.chip('Operator', 'Claro').type).to.equal('radio');
    await shopper.chooseDealer('Claro');
    await shopper.reach('phone');
    await waitUntil(() => shopper.root.activeElement === shopper.heading(), 'focus on the phone heading');
    expect(shopper.heading().textContent).to.equal('Phone number to top up');
    expect(shopper.field('Phone number')).to.exist;
    await shopper.enterPhone('21', '98765-4321');
    await shopper.reach('amount');
    await waitUntil(() => shopper.root.activeElement === shopper.heading(), 'focus on the amount heading');
    expect(shopper.root.querySelector('legend')!.textContent!.trim()).to.equal('Amount');
    expect(shopper.field('Value from R$ 10,00 to R$ 100,00')).to.exist;
  });

  it('does not take focus from the page before the shopper acts', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    expect(shopper.step).to.equal('dealer');
    expect(shopper.root.activeElement).to.equal(null);
  });

  it('checks the phone before asking the proxy, and says what is wrong at the field and aloud', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    await shopper.chooseDealer('Vivo');
    await shopper.reach('phone');
    await shopper.enterPhone('20', '91234');
    expect(shopper.errorAt('Phone number')).to.equal('Enter a valid two-digit area code, e.g. 11.');
    await waitUntil(() => shopper.root.activeElement === shopper.field('Phone number'), 'focus on the wrong field');
    expect(shopper.alert(), 'read once: by the focused field, not the alert too').to.equal('');
    // Enter again in the field, where focus already is: focus cannot move to say it, so the alert does.
    shopper.root.querySelector('form')!.requestSubmit();
    await waitUntil(() => shopper.alert() === 'Enter a valid two-digit area code, e.g. 11.', 'the alert');
    await shopper.enterPhone('11', '91234');
    expect(shopper.errorAt('Phone number')).to.equal('Enter the nine-digit mobile number, starting with 9.');
    expect(shopper.field('Phone number').getAttribute('aria-invalid')).to.equal('true');
    expect(shopper.proxy.of('branches')).to.have.length(0);
  });

  it('masks the phone number while it is typed', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    await shopper.chooseDealer('Vivo');
    await shopper.reach('phone');
    await shopper.type('Phone number', '11987654321');
    expect(shopper.field('Phone number').value).to.equal('(11) 98765-4321');
  });

  for (const pasted of ['(11) 98765-4321', '+55 11 98765-4321', '+55 (11) 98765 4321', '011 98765-4321', '5511987654321']) {
    it(`takes a pasted "${pasted}" as area code 11 and number 987654321`, async () => {
      const shopper = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '001' });
      await shopper.reach('phone');
      const input = shopper.field('Phone number') as HTMLInputElement;
      input.value = pasted;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      expect(input.value).to.equal('(11) 98765-4321');
      await shopper.click('Continue');
      await shopper.reach('amount');
      expect(shopper.proxy.of('branches')[0]!.body).to.include({ ddd: '11' });
      await shopper.chooseAmount('R$ 15,00');
      await shopper.reach('review');
      expect(shopper.root.querySelector('.phone-confirm')!.textContent, 'the number large, to confirm').to.equal('(11) 98765-4321');
      await shopper.click('Top up');
      await shopper.reach('result');
      expect(shopper.proxy.of('recharge')[0]!.body.phone).to.deep.equal({ ddd: '11', number: '987654321' });
    });
  }

  it('clears the phone error as the shopper fixes the number, before Continue', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '001' });
    await shopper.reach('phone');
    await shopper.enterPhone('20', '91234-5678');
    expect(shopper.errorAt('Phone number')).to.equal('Enter a valid two-digit area code, e.g. 11.');
    await shopper.type('Phone number', '(11) 91234');
    expect(shopper.errorAt('Phone number')).to.equal('Enter the nine-digit mobile number, starting with 9.');
    await shopper.type('Phone number', '(11) 91234-5678');
    expect(shopper.errorAt('Phone number')).to.equal('');
    expect(shopper.field('Phone number').getAttribute('aria-invalid')).to.equal('false');
  });

  it('takes another amount within the range, in reais, and sends cents', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    await shopper.chooseDealer('Vivo');
    await shopper.reach('phone');
    await shopper.enterPhone('11', '91234-5678');
    await shopper.reach('amount');
    await shopper.type('Value from R$ 10,00 to R$ 100,00', '200');
    await shopper.click('Continue');
    expect(shopper.errorAt('Value from R$ 10,00 to R$ 100,00')).to.equal('Enter an amount from R$ 10,00 to R$ 100,00.');
    await shopper.type('Value from R$ 10,00 to R$ 100,00', '25,50');
    await shopper.click('Continue');
    await shopper.reach('review');
    expect(shopper.text()).to.contain('R$ 25,50').and.contain('+ R$ 2,55 bonus').and.contain('R$ 28,05'); // 10% of R$ 25,50, in reais
    await shopper.click('Top up');
    await shopper.reach('result');
    expect(shopper.proxy.of('recharge')[0]!.body).to.include({ amountCents: 2550, amountKey: 'R1' });
  });

  it('shows in the review a bonus in reais with its validity only when there is one, the validity in a row of its own, the total credit and the total to pay', async () => {
    const summary = (shopper: Shopper) => [...shopper.root.querySelectorAll('[part~=summary] dt')]
      .map((dt) => `${dt.textContent}: ${dt.nextElementSibling!.textContent}`);
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    await shopper.chooseDealer('Vivo');
    await shopper.reach('phone');
    await shopper.enterPhone('11', '91234-5678');
    await shopper.reach('amount');
    await shopper.chooseAmount('R$ 15,00'); // valid for 30 days, no bonus
    await shopper.reach('review');
    expect(summary(shopper)).to.deep.equal(['Operator: Vivo', 'Phone number: (11) 91234-5678', 'Amount: R$ 15,00', 'Valid for: 30 days', 'Total to pay: R$ 15,00']);
    await shopper.click('Back');
    await shopper.reach('amount');
    await shopper.chooseAmount('R$ 30,00'); // a bonus and 60 days
    await shopper.reach('review');
    expect(summary(shopper).slice(2)).to.deep.equal(['Amount: R$ 30,00', 'Bonus: + R$ 5,00 bonus, valid for 15 days', 'Valid for: 60 days', 'Total credit: R$ 35,00', 'Total to pay: R$ 30,00']);

    const pt = await Shopper.visit({ type: 'normal' });
    await pt.pickDealer('Vivo', 'Operadora');
    await pt.click('Continuar');
    await pt.reach('phone');
    await pt.type('Número do celular', '(11) 91234-5678');
    await pt.click('Continuar');
    await pt.reach('amount');
    await pt.choose('R$ 15,00');
    await pt.click('Continuar');
    await pt.reach('review');
    expect(summary(pt).slice(2)).to.deep.equal(['Valor: R$ 15,00', 'Validade: 30 dias', 'Total a pagar: R$ 15,00']);
  });

  it('starts from the presets: operator skipped, area code and amount filled in', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '002', ddd: '31', amount: '3000' });
    await shopper.reach('phone');
    expect(shopper.field('Phone number').value).to.equal('(31) ');
    await shopper.type('Phone number', '(31) 91234-5678');
    await shopper.click('Continue');
    await shopper.reach('amount');
    await shopper.click('Continue');
    await shopper.reach('review');
    expect(shopper.text()).to.contain('Claro').and.contain('R$ 30,00');
    await shopper.click('Back');
    await shopper.reach('amount');
    await shopper.click('Back');
    await shopper.reach('phone');
    await shopper.click('Back');
    await shopper.reach('dealer');
    expect(shopper.chip('Operator', 'Claro').checked).to.equal(true);
  });

  it('asks the operator\'s question and checks its length', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    shopper.proxy.questionDealers.add('001');
    await shopper.chooseDealer('Vivo');
    await shopper.reach('phone');
    await shopper.enterPhone('11', '91234-5678');
    await shopper.reach('amount');
    await shopper.chooseAmount('R$ 15,00');
    await shopper.reach('questions');
    await shopper.type('CPF of the line holder', '123');
    await shopper.click('Continue');
    expect(shopper.errorAt('CPF of the line holder')).to.equal('Answer with 11 characters.');
    await shopper.type('CPF of the line holder', '12345678901');
    await shopper.click('Continue');
    await shopper.reach('review');
    await shopper.click('Top up');
    await shopper.reach('result');
    expect(shopper.proxy.of('recharge')[0]!.body.answers).to.deep.equal([{ code: 'CPF', description: '12345678901' }]);
  });

  it('takes a whole number pasted after a preset area code as the whole number', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '001', ddd: '31' });
    await shopper.reach('phone');
    const input = shopper.field('Phone number') as HTMLInputElement;
    input.value = '(31) (11) 98765-4321';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: '(11) 98765-4321' }));
    expect(input.value).to.equal('(11) 98765-4321');
  });

  it('types the number after a preset area code, wherever the caret was', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal', dealer: '001', ddd: '11' });
    await shopper.reach('phone');
    const input = shopper.field('Phone number') as HTMLInputElement;
    input.focus();
    await sendKeys({ type: '912345678' });
    expect(input.value).to.equal('(11) 91234-5678');
  });

  it('works with the keyboard alone', async () => {
    const shopper = await Shopper.visit({ lang: 'en', type: 'normal' });
    shopper.chip('Operator', 'Vivo').focus(); // as Tab from the page brings it: the first chip
    await sendKeys({ press: 'ArrowRight' }); // the chips are one radio group: arrows move and choose
    expect(shopper.chip('Operator', 'Claro').checked).to.equal(true);
    await sendKeys({ press: 'ArrowLeft' });
    expect(shopper.chip('Operator', 'Vivo').checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(shopper.root.activeElement?.textContent).to.equal('Continue');
    await sendKeys({ press: 'Enter' });
    await shopper.reach('phone');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '11912345678' }); // one field, masked as typed
    expect((shopper.root.activeElement as HTMLInputElement).value).to.equal('(11) 91234-5678');
    await sendKeys({ press: 'Enter' });
    await shopper.reach('amount');
    await sendKeys({ press: 'Tab' }); // the first amount
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Enter' });
    await shopper.reach('review');
    await sendKeys({ press: 'Tab' });
    expect(shopper.root.activeElement?.textContent).to.equal('Top up');
    await sendKeys({ press: 'Enter' });
    await shopper.reach('result');
    expect(shopper.proxy.of('recharge')[0]!.body).to.include({ amountCents: 1500 });
  });
});
