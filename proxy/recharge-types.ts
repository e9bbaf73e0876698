/**
 * The three recharge types, as the browser API names them: a module of its own so that the widget's
 * entry can check a `type` attribute without bundling the card and money rules (browser-rules.ts,
 * which re-exports these).
 */
import type { RechargeType } from './browser-api.ts';

export const RECHARGE_TYPES = ['normal', 'others', 'invoice'] as const satisfies readonly RechargeType[];

export function isRechargeType(value: unknown): value is RechargeType {
  return (RECHARGE_TYPES as readonly unknown[]).includes(value);
}
