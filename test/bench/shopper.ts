/** Scripted shoppers for the bench: a normal top-up granted by the merchant's order grant, and a game PIN paid by card. */
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

/** A game PIN (Vex-PIN R$ 20,00) paid by card through REST Payment, two-phase with the recharge; throws unless both end confirmed. */
export async function cardPaidPin(call: Stack['call']): Promise<void> {
  const created = await call('POST', '/api/recharges', { type: 'others' });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
  const id = created.body.id as string;
  const product = { dealerCode: '905', typeCode: '02', branchCode: '97200000000' };
  await call('POST', `/api/recharges/${id}/branches`, product);
  attempt += 1;
  const sale = await call('POST', `/api/recharges/${id}/recharge`,
    { ...product, amountCents: 2000, payment: { card: { number: '4111111111111111', expiry: '12/35', securityCode: '123' }, installments: 1 } },
    { 'Idempotency-Key': `bench-${process.pid}-${attempt}` });
  if (sale.body?.status !== 'CON' || sale.body?.payment?.status !== 'CON') throw new Error(`sale: ${sale.status} ${sale.text}`);
}
