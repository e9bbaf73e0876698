/**
 * `npm run grant -- --order A123 --type normal --max 2000 [--dealer 003] [--ddd 21 --phone 987654321]
 * [--jti …] [--expires-in 1800]`: prints one order grant signed with ORDER_GRANT_SECRET, for trying
 * grants out. A merchant's server mints its own with createOrderGrant (or any HS256 JWT library).
 */
import { parseArgs } from 'node:util';
import { createOrderGrant, OrderGrantError, type OrderGrantInput } from './order-grant.ts';
import { RechargeTypeSchema } from '../browser-schemas.ts';

function fail(message: string): never {
  console.error(`grant: ${message}`);
  process.exit(1);
}

function wholeNumber(value: string, name: string): number {
  if (!/^\d{1,12}$/.test(value)) fail(`--${name}: expected a whole number`);
  return Number(value);
}

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      order: { type: 'string' }, type: { type: 'string' }, max: { type: 'string' }, dealer: { type: 'string' },
      ddd: { type: 'string' }, phone: { type: 'string' }, jti: { type: 'string' }, 'expires-in': { type: 'string' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}

const { order, type, max, dealer, ddd, phone, jti } = values;
if (!order || !type || !max) fail('usage: npm run grant -- --order A123 --type normal --max 2000 [--dealer 003] [--ddd 21 --phone 987654321] [--jti ID] [--expires-in SECONDS]');
if ((ddd === undefined) !== (phone === undefined)) fail('--ddd and --phone go together');
const parsedType = RechargeTypeSchema.safeParse(type);
if (!parsedType.success) fail('--type: expected normal, others or invoice');

const now = Date.now();
const claims: OrderGrantInput = { orderId: order, type: parsedType.data, maxAmountCents: wholeNumber(max, 'max') };
if (dealer !== undefined) claims.dealerCode = dealer;
if (ddd !== undefined && phone !== undefined) claims.phone = { ddd, number: phone };
if (jti !== undefined) claims.jti = jti;
if (values['expires-in'] !== undefined) claims.exp = Math.floor(now / 1000) + wholeNumber(values['expires-in'], 'expires-in');

try {
  console.log(createOrderGrant(claims, process.env.ORDER_GRANT_SECRET ?? '', now));
} catch (error) {
  if (error instanceof OrderGrantError) fail(error.message);
  throw error;
}
