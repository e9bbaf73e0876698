/**
 * The sandbox's reference table: what a Carat homologation merchant sees in list dealers and list
 * branch data. Dealers and codes of the documented examples are kept (Vivo 001 with the documented
 * question, Vex-PIN 905, TIM-Leste-PIN 902, E-Prepag 901 with branch 98006000000, invoice 800 with
 * branch 80019000000) so every example request works here.
 */

export interface AmountOption {
  amountKey: string;
  message: string;
  bonusCents: number;
  /** Two implied decimals, as on the wire: 1% = 100. */
  bonusPercentHundredths: number;
  bonusCategory: string;
  validityDays: number;
  bonusValidityDays: number;
}
export interface FixedAmount extends AmountOption {
  amountCents: number;
}
export interface AmountRange extends AmountOption {
  minCents: number;
  maxCents: number;
}
export interface Category {
  code: string;
  description: string;
  fixedAmounts: FixedAmount[];
  amountRanges: AmountRange[];
}
export interface Question {
  id: string;
  display: string;
  rule: string;
  min: number;
  max: number;
  type: string;
}
export interface PaymentMethods {
  max: number;
  available: string[];
}

/** A DDD span with extra offers (e.g. a regional promotion). */
export interface RegionalOffer {
  fromDdd: number;
  toDdd: number;
  fixedAmounts: FixedAmount[];
}
export interface NormalDealer {
  code: string;
  name: string;
  questions: Question[];
  messages: string[];
  categories: Category[];
  regional: RegionalOffer[];
  paymentMethods: PaymentMethods;
}

export type ProductKind = 'pin' | 'tv';
export interface Branch {
  code: string;
  name: string;
  kind: ProductKind;
  categories: Category[];
  questions: Question[];
}
export interface OthersDealer {
  code: string;
  name: string;
  typeCode: string;
  typeName: string;
  branches: Branch[];
}
export interface InvoiceDealer {
  code: string;
  name: string;
  branches: Array<{ code: string; name: string }>;
  paymentMethods: PaymentMethods;
}
export interface CatalogueData {
  version: number;
  normal: NormalDealer[];
  others: OthersDealer[];
  invoice: InvoiceDealer[];
}

/** "R$ 1.234,50": how a shopper reads an amount in Brazil (the messages below are shown as they are). */
function brl(cents: number): string {
  const reais = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `R$ ${reais},${String(cents % 100).padStart(2, '0')}`;
}

// The messages are the dealer's text that a widget shows next to an amount, so they are plain
// pt-BR sentences for a shopper, not codes (the documented example's "MSG_FAIXA_1" is a placeholder).
function fixed(amountKey: string, amountCents: number, bonusCents = 0, validityDays = 30): FixedAmount {
  return {
    amountKey, amountCents, bonusCents, validityDays,
    message: `Recarga de ${brl(amountCents)}`,
    bonusPercentHundredths: bonusCents === 0 ? 0 : Math.round((bonusCents * 10_000) / amountCents),
    bonusCategory: bonusCents === 0 ? '01' : '02',
    bonusValidityDays: bonusCents === 0 ? 0 : 15,
  };
}

function range(amountKey: string, minCents: number, maxCents: number, bonusPercentHundredths = 0): AmountRange {
  return {
    amountKey, minCents, maxCents, bonusPercentHundredths,
    message: `Recarga de ${brl(minCents)} a ${brl(maxCents)}`,
    bonusCents: 0,
    bonusCategory: bonusPercentHundredths === 0 ? '01' : '02',
    validityDays: 30,
    bonusValidityDays: bonusPercentHundredths === 0 ? 0 : 15,
  };
}

const PHONE_PAYMENT_METHODS: PaymentMethods = { max: 4, available: ['00', '01', '02:03-07-08-09-10-14', '03:03-07-08-09-10-14'] };

/** The documented question of the branch-data example (dealer 1). */
const FATHER_NAME_QUESTION: Question = { id: '5', display: 'Qual o nome do seu pai?', rule: '3', min: 5, max: 30, type: 'i' };
/** "Others": one positive confirmation before a gift card PIN is issued. */
const GIFT_CONFIRMATION: Question = { id: '10', display: 'Confirma a emissao do PIN? Digite SIM', rule: '3', min: 3, max: 3, type: 'a' };

function phoneDealer(code: string, name: string, questions: Question[], extra: Partial<NormalDealer> = {}): NormalDealer {
  return {
    code, name, questions,
    messages: [`${name.toUpperCase()}: RECARGA CREDITADA EM ATE 10 MINUTOS`],
    categories: [{
      code: '01',
      description: 'RECARGA',
      fixedAmounts: [fixed('1', 1500), fixed('2', 2000), fixed('3', 3000, 500), fixed('4', 5000, 1000), fixed('5', 10000, 3000, 60)],
      amountRanges: [range('7', 500, 10000, 100)],
    }],
    regional: [],
    paymentMethods: PHONE_PAYMENT_METHODS,
    ...extra,
  };
}

function pinBranch(code: string, name: string, amounts: number[], questions: Question[] = []): Branch {
  return {
    code, name, kind: 'pin', questions,
    categories: [{ code: '01', description: name.toUpperCase(), fixedAmounts: amounts.map((a, i) => fixed(String(i + 1), a)), amountRanges: [] }],
  };
}

export function initialCatalogue(): CatalogueData {
  return {
    version: 1,
    normal: [
      phoneDealer('001', 'Vivo', [FATHER_NAME_QUESTION]),
      phoneDealer('002', 'Claro', [], {
        // DDDs of São Paulo state get an extra R$ 100,00 top-up: branch data really varies per DDD.
        regional: [{ fromDdd: 11, toDdd: 19, fixedAmounts: [fixed('6', 12000, 5000, 90)] }],
      }),
      phoneDealer('003', 'Oi', []),
      phoneDealer('004', 'Tim', [], {
        categories: [{ code: '01', description: 'RECARGA', fixedAmounts: [fixed('1', 1000), fixed('2', 2500, 500), fixed('3', 4000, 1000)], amountRanges: [range('7', 1000, 20000)] }],
      }),
    ],
    others: [
      { code: '905', name: 'Vex-PIN', typeCode: '02', typeName: 'PIN TELEFONE', branches: [pinBranch('97200000000', 'Vex-PIN', [1000, 2000])] },
      { code: '902', name: 'TIM-Leste-PIN', typeCode: '02', typeName: 'PIN TELEFONE', branches: [pinBranch('97001000000', 'TIM-Leste-PIN', [1500])] },
      {
        code: '901', name: 'E-Prepag', typeCode: '03', typeName: 'PIN JOGOS',
        branches: [pinBranch('98000000000', 'Brancaleone-Migux', [1000]), pinBranch('98006000000', 'Creditos de Jogo R$ 30', [3000])],
      },
      {
        code: '903', name: 'Vale Presente', typeCode: '04', typeName: 'GIFT CARD',
        branches: [pinBranch('99001000000', 'Vale Presente R$ 50', [5000], [GIFT_CONFIRMATION]), pinBranch('99002000000', 'Vale Presente R$ 100', [10000], [GIFT_CONFIRMATION])],
      },
      {
        code: '910', name: 'TV Pre-Pago', typeCode: '05', typeName: 'TV PRE-PAGA',
        branches: [{
          code: '91000000000', name: 'TV Pre-Pago', kind: 'tv', questions: [],
          categories: [{ code: '01', description: 'PACOTES TV', fixedAmounts: [fixed('1', 4990, 0, 30), fixed('2', 8990, 0, 30)], amountRanges: [] }],
        }],
      },
    ],
    invoice: [
      {
        code: '800', name: 'Contas e Assinaturas',
        branches: [{ code: '80019000000', name: 'Boleto de Assinatura' }],
        paymentMethods: { max: 4, available: ['00', '01', '02:03-07-08-09-10-14', '03:03-07-08-09-10-14', '04:10', '05:10', '06:10'] },
      },
    ],
  };
}

/** TV package codes offered on resubmit (the answer with code "126" picks one). */
export const TV_PACKAGE_CODES = ['PKT-BASICO', 'PKT-FILMES', 'PKT-ESPORTES'];
// The sandbox stands for Carat: it keeps its own copy on purpose, not proxy/browser-rules.ts.
export const TV_PACKAGE_ANSWER_CODE = '126';
/** The invoice bar-code question issued by the first branch-data lookup. */
export const BARCODE_QUESTION: Question = { id: 'BARCODE', display: 'Digite o codigo de barras', rule: '3', min: 44, max: 48, type: 'n' };
