/** A scripted shopper for the bench: one normal top-up through the proxy's browser API, granted by the merchant's order grant. */
import { grantFor, type Stack } from '../proxy/support/stack.ts';

let attempt = 0;

/** Create, look up Vivo's amounts for DDD 11, top up R$ 15,00; throws unless it ends confirmed. */
export async function normalTopUp(call: Stack['call']): Promise<void> {
  const created = await call('POST', '/api/recharges', { type: 'normal', grant: grantFor('normal') });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  const id = created.body.id as string;
  await call('POST', `/api/recharges/${id}/branches`, { dealerCode: '001', ddd: '11' });
  attempt += 1;
  const recharge = await call('POST', `/api/recharges/${id}/recharge`,
    { dealerCode: '001', phone: { ddd: '11', number: '987654321' }, amountCents: 1500, answers: [{ code: '5', description: 'Joaquim' }] },
    { 'Idempotency-Key': `bench-${process.pid}-${attempt}` });
  if (recharge.body?.status !== 'CON') throw new Error(`recharge: ${recharge.status} ${recharge.text}`);
}
