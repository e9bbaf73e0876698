/**
 * Sandbox mode only (local-stack.ts mounts it): the demo page as a merchant's server renders it,
 * with an order grant minted at each page load for every widget marked `data-demo-grant="<type>"`,
 * as if the shop's checkout had already taken the money. Sections marked `data-sandbox-only` are
 * hidden in the static file and shown here. Never mounted against a real gateway: a page that
 * hands out grants hands out free recharges.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { RechargeTypeSchema } from '../browser-schemas.ts';
import { createOrderGrant } from './order-grant.ts';

/** Enough for every amount and bill the sandbox offers (R$ 1.000,00). */
const DEMO_MAX_AMOUNT_CENTS = 100_000;

const GRANT_MARK = /data-demo-grant="([a-z]+)"/g;
const SANDBOX_ONLY = /\shidden(\s+data-sandbox-only)/g;

function mint(type: string, secret: string): string {
  const parsed = RechargeTypeSchema.safeParse(type);
  if (!parsed.success) throw new Error(`demo page: data-demo-grant="${type}" is not a recharge type`);
  return createOrderGrant({ orderId: `DEMO${randomBytes(6).toString('hex').toUpperCase()}`, type: parsed.data, maxAmountCents: DEMO_MAX_AMOUNT_CENTS }, secret);
}

/** The page with fresh grants; read once (the demo folder does not change while the proxy runs). */
export function demoPageWithGrants(demoDir: string, secret: string): RequestHandler {
  const template = readFileSync(join(demoDir, 'index.html'), 'utf8');
  return (_req, res) => {
    const page = template.replace(GRANT_MARK, (_mark, type: string) => `grant="${mint(type, secret)}"`).replace(SANDBOX_ONLY, '$1');
    // Each load mints single-use grants: a cached copy would hold used ones.
    res.set('Cache-Control', 'no-store').type('html').send(page);
  };
}
