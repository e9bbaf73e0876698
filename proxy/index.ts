/**
 * `recharge-widget/proxy`: the proxy as a library, for a merchant who runs it from code of their own
 * rather than with `npm start`. createRechargeRouter mounts it in the merchant's Express app
 * (`app.use('/recharge', createRechargeRouter(settings))`, recharge-router.ts); createApp builds the same Express app as the standalone server;
 * loadConfig reads the same environment variables (README, proxy/README.md); createOrderGrant signs
 * a grant for one order on the merchant's server. The script-tag bundle ships beside this module
 * (lib/dist/), where createApp finds it by default.
 */
export { createRechargeRouter, type RechargeRouter, type RechargeRouterExtras, type RechargeRouterOptions } from './recharge-router.ts';
export { createApp, type AppDeps, type GatewayConfig } from './app.ts';
export { ConfigError, loadConfig, type AbuseLimits, type CaratAuth, type ProxyConfig, type SettingName, type TrustProxy } from './config.ts';
export {
  createOrderGrant,
  verifyOrderGrant,
  OrderGrantError,
  ORDER_GRANT_DEFAULT_LIFETIME_SECONDS,
  ORDER_GRANT_MAX_LIFETIME_SECONDS,
  ORDER_GRANT_MIN_SECRET_LENGTH,
  type OrderGrant,
  type OrderGrantFailure,
  type OrderGrantInput,
} from './grants/order-grant.ts';
export type { SessionStore } from './store/session-store.ts';
