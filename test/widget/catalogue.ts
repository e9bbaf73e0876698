/**
 * Sample proxy answers (proxy/browser-api.ts shapes) shared by the flow tests and the fake proxy:
 * a small catalogue like the sandbox's, in integer cents.
 */
import type { BranchData, CreateRechargeResponse, Dealer, RechargeResult, RechargeType } from '../../proxy/browser-api.ts';

export const VIVO: Dealer = { code: '001', name: 'Vivo' };
export const CLARO: Dealer = { code: '002', name: 'Claro' };
export const TV: Dealer = { code: '005', name: 'TV Max' };
export const GAMES: Dealer = { code: '101', name: 'Game Store', typeCode: '02', typeName: 'PIN', branches: [{ code: '10100000001', name: 'Game card R$ 20' }] };
export const BILLS: Dealer = { code: '800', name: 'City Power', branches: [{ code: '80019000000', name: 'Electricity bill' }] };

export const DEALERS: Record<RechargeType, Dealer[]> = { normal: [VIVO, CLARO, TV], others: [GAMES], invoice: [BILLS] };

export function session(type: RechargeType, id = `sess-${type}`): CreateRechargeResponse {
  return { id, type, dealers: DEALERS[type] };
}

const noPayment = { max: 1, available: [{ type: '00', collect: [] }] };

export const PHONE_DATA: BranchData = {
  categories: [{
    code: '1', description: 'Credit',
    fixedAmounts: [
      { amountCents: 1500, amountKey: 'F15', validityDays: 30 },
      { amountCents: 3000, amountKey: 'F30', bonusCents: 500, validityDays: 60, bonusValidityDays: 15, message: 'Recarga de R$ 30,00' },
    ],
    amountRanges: [{ minCents: 1000, maxCents: 10000, amountKey: 'R1', bonusBasisPoints: 1000 }],
  }],
  questions: [],
  paymentMethods: noPayment,
  messages: [],
};

export const PHONE_DATA_WITH_QUESTION: BranchData = {
  ...PHONE_DATA,
  questions: [{ id: 'CPF', display: 'CPF of the line holder', minLength: 11, maxLength: 11 }],
};

export const PIN_DATA: BranchData = {
  categories: [{ code: '1', description: 'PIN', fixedAmounts: [{ amountCents: 2000, amountKey: 'P20' }], amountRanges: [] }],
  questions: [{ id: 'OK', display: 'Confirma a emissao do PIN? Digite SIM', minLength: 3, maxLength: 3 }],
  paymentMethods: noPayment,
  messages: ['The PIN is shown once.'],
};

export const BARCODE = '83660000001234567890123456789012345678901234';

export const BILL_QUESTION_DATA: BranchData = {
  categories: [], questions: [{ id: 'BARCODE', display: 'Bar code of the bill', minLength: 44, maxLength: 48 }],
  paymentMethods: noPayment, messages: [],
};

export const BILL_DATA: BranchData = {
  categories: [], questions: [], paymentMethods: noPayment, messages: [],
  invoice: { barCode: BARCODE, holderName: 'Maria Silva', amountCents: 12345, dueDate: '2026-12-10' },
};

export const DONE: RechargeResult = { status: 'CON', receipt: { customer: 'VIVO\nRECARGA R$ 15,00\n(11) 91234-5678', merchant: 'merchant copy' } };
export const PIN_DONE: RechargeResult = { status: 'CON', receipt: { customer: 'GAME STORE\nPIN: 1234-5678-9012\nVALOR R$ 20,00', merchant: 'm' } };
/** As the proxy answers a denial: its message is English for merchants, quoting Carat. */
export const DENIED: RechargeResult = { status: 'NEG', message: 'The recharge was denied: Transacao negada: cartao recusado pelo emissor', receipt: { customer: '', merchant: '' }, payment: { status: 'NEG', amountCents: 1500 } };
export const TV_ASKS: RechargeResult = { status: 'AGU', receipt: { customer: '', merchant: '' }, tvPackageCodes: ['PKG-BASIC', 'PKG-FULL'] };

export const CARD = { card: { number: '4111111111111111', expiry: '12/30', securityCode: '123', holder: 'MARIA SILVA' }, installments: 1 };
/**
 * A PIN product's purchase sent again with the same Idempotency-Key after the proxy's
 * RECEIPT_RETENTION_MS: done, but the receipt (and its PIN) is no longer kept.
 */
export const PIN_WITHHELD: RechargeResult = { status: 'CON', receipt: { customer: '', merchant: '' }, receiptWithheld: true };
/** Carat undid it (PPN) and no payment was confirmed: nothing was charged. */
export const UNDONE: RechargeResult = { status: 'PPN', message: 'The recharge was undone.', receipt: { customer: '', merchant: '' } };
