/**
 * The catalogue as Carat writes it: every value a JSON string (amounts in cents), except
 * payment_methods.max, which the documented examples print as a number.
 */
import type { Catalogue, RechargeType } from './catalogue.ts';
import type { AmountOption, Category, PaymentMethods, Question } from './catalogue-data.ts';

export function dealersWire(catalogue: Catalogue, type: RechargeType): Array<Record<string, unknown>> {
  switch (type) {
    case 'normal':
      return catalogue.normalDealers().map((d) => ({ name: d.name, code: d.code }));
    case 'others':
      return catalogue.othersDealers().map((d) => ({
        name: d.name,
        code: d.code,
        branches: d.branches.map((b) => ({ name: b.name, code: b.code })),
        type_name: d.typeName,
        type_code: d.typeCode,
      }));
    case 'invoice':
      return catalogue.invoiceDealers().map((d) => ({
        name: d.name,
        code: d.code,
        branches: d.branches.map((b) => ({ name: b.name, code: b.code })),
      }));
  }
}

function optionWire(o: AmountOption): Record<string, string> {
  return {
    message: o.message,
    amount_key: o.amountKey,
    bonus_in_percentage: String(o.bonusPercentHundredths),
    bonus: String(o.bonusCents),
    bonus_category: o.bonusCategory,
    expiry_date: String(o.validityDays),
    bonus_expiry_date: String(o.bonusValidityDays),
  };
}

export function categoriesWire(categories: Category[]): Array<Record<string, unknown>> {
  return categories.map((c) => ({
    code: c.code,
    description: c.description,
    fixed_amounts: c.fixedAmounts.map((f) => ({
      ...optionWire(f),
      payment_amount: String(f.amountCents),
      amount: String(f.amountCents),
    })),
    amount_ranges: c.amountRanges.map((r) => ({
      ...optionWire(r),
      // The cost of a range is the chosen amount; the example prints a sample (700) we mimic with the minimum.
      payment_amount: String(r.minCents),
      min_amount: String(r.minCents),
      max_amount: String(r.maxCents),
    })),
  }));
}

export function questionsWire(questions: Question[]): Array<Record<string, string>> {
  return questions.map((q) => ({
    id: q.id,
    display: q.display,
    rule: q.rule,
    min: String(q.min),
    max: String(q.max),
    type: q.type,
  }));
}

export function paymentMethodsWire(methods: PaymentMethods): { max: number; available: Array<{ name: string }> } {
  return { max: methods.max, available: methods.available.map((name) => ({ name })) };
}
