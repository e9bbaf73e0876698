/**
 * Does Carat accept our own calls right now? Asked before recovery gives up a session whose status
 * query Carat keeps refusing (recharge/settlement.ts, rule 8): Carat's business codes are not
 * documented (Q2), so an unknown NIT and a wrong merchant key (or JWT claim set) cannot be told
 * apart by the refusal itself. A fresh transaction and its status query, both answered, prove that
 * our credentials and signed NIT calls work; then the old NIT's refusal is about that NIT.
 *
 * It costs one creation and one query (a NOV transaction that expires at Carat; no money), and
 * runs only when a session is due to be given up.
 */
import { createTransaction } from '../recharge/catalogue/start-recharge.ts';
import type { RechargeDeps } from '../recharge/recharge-deps.ts';

export async function caratAcceptsOurCalls(deps: Pick<RechargeDeps, 'auth' | 'carat' | 'cache' | 'authenticity'>): Promise<boolean> {
  try {
    const { nit } = await createTransaction(deps, 'normal');
    await deps.carat.getRechargeStatus(nit);
    return true;
  } catch {
    return false;
  }
}
