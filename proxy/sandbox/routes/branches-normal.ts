/** GET /v3/rechargebranches?nit&ddd&dealercode&generalhash — normal branch data per DDD (§3.4). */
import type { Request } from 'express';
import { issueQuestions } from '../answers.ts';
import { NATIONAL_DDD, isAreaCode } from '../catalogue.ts';
import { categoriesWire, paymentMethodsWire, questionsWire } from '../catalogue-wire.ts';
import { loadTransaction, queryValue, type SandboxContext } from '../context.ts';
import type { Operation } from '../reply.ts';
import { GENERAL_HASH_FORMAT, RequestError, digits, exactDigits, formatProblem, type Format } from '../request-rules.ts';
import { RESPONSE_WRAPPERS, esitefOk, type WireBody } from '../responses.ts';
import { questionKey, type Transaction } from '../transactions.ts';

const WRAPPER = RESPONSE_WRAPPERS.branches;

export function listNormalBranches(ctx: SandboxContext, req: Request): Operation {
  return { responseWrapper: WRAPPER, run: () => normalBranches(ctx, req) };
}

function requiredQuery(req: Request, name: string, format: Format): string {
  const value = queryValue(req, name);
  if (value === undefined || value === '') throw new RequestError(name, 'is required');
  const problem = formatProblem(value, format);
  if (problem) throw new RequestError(name, problem);
  return value;
}

/** The parts every branch-data response shares. */
export function branchDataBase(ctx: SandboxContext, tx: Transaction): Record<string, unknown> {
  return {
    status: tx.status,
    esitef: esitefOk(),
    sitef: { code: '000' },
    hashes: { general: ctx.catalogue.generalHash() },
  };
}

function normalBranches(ctx: SandboxContext, req: Request): WireBody {
  const tx = loadTransaction(ctx, req, queryValue(req, 'nit'));
  const ddd = requiredQuery(req, 'ddd', exactDigits(2));
  const dealerCode = requiredQuery(req, 'dealercode', digits(3));
  const hash = queryValue(req, 'generalhash');
  if (hash) {
    const problem = formatProblem(hash, GENERAL_HASH_FORMAT);
    if (problem) throw new RequestError('generalhash', problem);
  }
  if (tx.rechargeType !== 'normal') {
    throw new RequestError('recharge_type', `a ${tx.rechargeType} recharge lists branch data with PUT /v3/rechargebranches/{nit}`);
  }
  // "00" is the national table the documented example asks for; 11–99 are area codes.
  if (ddd !== NATIONAL_DDD && !isAreaCode(ddd)) throw new RequestError('ddd', 'unknown area code (expected 11 to 99)');
  const dealer = ctx.catalogue.normalDealer(dealerCode);
  if (!dealer) throw new RequestError('dealercode', 'unknown dealer for a normal recharge');

  const questions = issueQuestions(tx, questionKey(dealer.code), dealer.questions, []);
  return {
    [WRAPPER]: {
      ...branchDataBase(ctx, tx),
      questions: questionsWire(questions),
      general: dealer.messages.map((message) => ({ message })),
      categories: categoriesWire(ctx.catalogue.normalCategories(dealer, ddd)),
      payment_methods: paymentMethodsWire(dealer.paymentMethods),
    },
  };
}
