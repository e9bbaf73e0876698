/**
 * The do-recharge gave no usable answer (timeout, 5xx, unreadable): it may or may not have taken
 * effect. It is never re-sent blindly; Carat's status query decides:
 * - PPC: it happened, and the shopper is still waiting: confirm it (after the usual checks);
 * - NOV / AGU: nothing was charged: report the failure, the shopper may try again;
 * - NEG: the card was denied; CON / PPN: already final; EXP: the session expired;
 * - no answer to the query either: the do stays journaled as unknown, the shopper gets the
 *   failure, and recovery settles it later (it undoes a do whose confirmation was never intended).
 */
import type { RechargeResult } from '../browser-api.ts';
import type { GatewayFailure } from '../carat/http.ts';
import { settlePending, type DoContext } from './pending-recharge.ts';
import { caratStatus, expiredSession, stepOutcome, type RechargeDeps } from './recharge-deps.ts';
import { finalResult, UNDONE } from './recharge-result.ts';
import { queryStatus, stepRecorder } from './settle-recharge.ts';

export async function resolveLostDoAnswer(deps: RechargeDeps, context: DoContext, failure: GatewayFailure): Promise<RechargeResult> {
  const { attempt, agreed } = context;
  await stepRecorder(deps, attempt.session)(stepOutcome(deps, 'do', 'unknown'));
  const evidence = await queryStatus(deps, attempt.session);
  if (!evidence) throw failure;
  const status = caratStatus(evidence.status);
  switch (status) {
    case 'PPC':
      // We never saw the do answer, so we cannot tell whether it asked for the payment methods:
      // an invoice always does (its documented answer), TIM needs them (§3.6).
      return settlePending(deps, context, evidence, attempt.session.type === 'invoice');
    case 'NEG':
      return finalResult({ status }, evidence, agreed.paymentAmountCents, 'The recharge was denied.');
    case 'CON':
    case 'PPN':
      return finalResult({ status }, evidence, agreed.paymentAmountCents, status === 'PPN' ? UNDONE : undefined);
    case 'EXP':
      throw expiredSession();
    default:
      // NOV (nothing happened), AGU (a TV recharge asks again on a resubmit) or a status we do not
      // act on: nothing is pending, and the shopper may try again.
      throw failure;
  }
}
