import { expect } from '@open-wc/testing';
import { messagesFor } from './languages.ts';
import type { RechargeType } from '../../proxy/browser-api.ts';

describe('messages: lengths and durations read naturally in each language', () => {
  const answerLengths: Array<[string, number, number, string]> = [
    ['pt-BR', 3, 3, 'Responda com 3 caracteres.'],
    ['pt-BR', 5, 30, 'Responda com 5 a 30 caracteres.'],
    ['en', 3, 3, 'Answer with 3 characters.'],
    ['en', 5, 30, 'Answer with 5 to 30 characters.'],
    ['es', 3, 3, 'Responda con 3 caracteres.'],
    ['es', 5, 30, 'Responda con 5 a 30 caracteres.'],
  ];
  for (const [lang, min, max, text] of answerLengths) {
    it(`${lang}: an answer of ${min}–${max} characters → "${text}"`, () => expect(messagesFor(lang).answerLength(min, max)).to.equal(text));
  }

  const barCodes: Array<[string, number, number, string]> = [
    ['pt-BR', 44, 44, 'Informe o código de barras: 44 dígitos.'],
    ['pt-BR', 44, 48, 'Informe o código de barras: de 44 a 48 dígitos.'],
    ['en', 47, 47, 'Enter the bar code: 47 digits.'],
    ['es', 44, 48, 'Ingrese el código de barras: de 44 a 48 dígitos.'],
  ];
  for (const [lang, min, max, text] of barCodes) {
    it(`${lang}: a bar code of ${min}–${max} digits → "${text}"`, () => expect(messagesFor(lang).barcodeInvalid(min, max)).to.equal(text));
  }

  const validity: Array<[string, number, string]> = [
    ['pt-BR', 30, 'Validade: 30 dias'], ['pt-BR', 1, 'Validade: 1 dia'],
    ['en', 30, 'Valid for: 30 days'], ['en', 1, 'Valid for: 1 day'],
    ['es', 30, 'Validez: 30 días'],
  ];
  for (const [lang, days, text] of validity) {
    it(`${lang}: a validity of ${days} days → "${text}"`, () => {
      const m = messagesFor(lang);
      expect(`${m.validityLabel}: ${m.days(days)}`).to.equal(text);
    });
  }

  const refusals: Array<[string, string, string[], string]> = [
    ['en', 'Elo', ['Visa'], 'Elo cards are not accepted. Use Visa.'],
    ['en', 'Elo', ['Visa', 'Mastercard'], 'Elo cards are not accepted. Use Visa or Mastercard.'],
    ['en', '', [], 'This card is not accepted.'],
    ['pt-BR', 'Elo', ['Visa'], 'Cartões Elo não são aceitos. Use Visa.'],
    ['pt-BR', 'Amex', ['Visa', 'Mastercard', 'Elo'], 'Cartões Amex não são aceitos. Use Visa, Mastercard ou Elo.'],
    ['es', 'Elo', ['Visa', 'Mastercard'], 'No se aceptan tarjetas Elo. Use Visa o Mastercard.'],
    ['es', 'Elo', [], 'No se aceptan tarjetas Elo.'],
  ];
  for (const [lang, brand, accepted, text] of refusals) {
    it(`${lang}: a ${brand || 'unknown'} card refused when ${accepted.length} brands are taken → "${text}"`, () => {
      expect(messagesFor(lang).cardBrandRefused(brand, accepted)).to.equal(text);
    });
  }

  const pending: Array<[string, RechargeType, string]> = [
    ['pt-BR', 'normal', 'Estamos confirmando com a operadora. Não pague de novo.'],
    ['en', 'normal', 'We\'re confirming with the operator. Don\'t pay again.'],
    ['es', 'normal', 'Estamos confirmando con la operadora. No vuelva a pagar.'],
    ['pt-BR', 'invoice', 'Estamos confirmando o pagamento da conta com a empresa. Não pague de novo.'],
    ['en', 'invoice', 'We\'re confirming the bill payment with the company. Don\'t pay again.'],
    ['es', 'invoice', 'Estamos confirmando el pago de la factura con la empresa. No vuelva a pagar.'],
    ['pt-BR', 'others', 'Estamos confirmando sua compra com o fornecedor. Não pague de novo.'],
    ['en', 'others', 'We\'re confirming your purchase with the provider. Don\'t pay again.'],
    ['es', 'others', 'Estamos confirmando su compra con el proveedor. No vuelva a pagar.'],
  ];
  for (const [lang, type, text] of pending) {
    it(`${lang}: a pending ${type} → "${text}"`, () => expect(messagesFor(lang).pending[type]).to.equal(text));
  }

  it('says "nothing was charged" only for a denial and an undone recharge, in every language', () => {
    const nothing = { 'pt-BR': 'Nada foi cobrado', en: 'Nothing was charged', es: 'No se cobró nada' };
    for (const [lang, words] of Object.entries(nothing)) {
      const saying = Object.entries(messagesFor(lang).failure).filter(([, text]) => text.includes(words)).map(([kind]) => kind);
      expect(saying, lang).to.deep.equal(['denied', 'undone']);
    }
  });
});
