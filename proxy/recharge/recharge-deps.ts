/** What the recharge needs from outside, injected by createApp (app.ts) and shared with recovery. */
import type { Logger } from 'pino';
import type { CardBrand } from '../browser-rules.ts';
import type { CaratClient } from '../carat/client.ts';
import type { PaymentClient } from '../carat/payment-client.ts';
import type { CaratAuth } from '../config.ts';
import type { AuthenticityGuard } from '../carat/authenticity-guard.ts';
import type { SessionStore } from '../store/session-store.ts';
import type { CardGuard } from '../hardening/card-guard.ts';
import type { CatalogueCache } from './catalogue/catalogue-cache.ts';
import type { InstallmentLimits } from './installments.ts';

export interface RechargeDeps {
  carat: CaratClient;
  /** REST Payment (CARAT_API_URL): card payments of PIN products and bills; undefined → those are granted only. */
  payments?: PaymentClient | undefined;
  store: SessionStore;
  cache: CatalogueCache;
  auth: CaratAuth;
  /** Authenticity mode: hands each creation the NIT that Carat form-POSTs to us. */
  authenticity: AuthenticityGuard;
  merchantKey: string;
  now: () => number;
  /** The app's logger (secrets redacted): for what happens outside a request, such as recovery. */
  logger: Logger;
  /** Recovery gives up a session whose NIT Carat does not know once it is this old (RECOVERY_ABANDON_AFTER_MS). */
  abandonUnknownAfterMs: number;
  /** ORDER_GRANT_SECRET: verifies the merchant's order grants; undefined → every grant is refused. */
  orderGrantSecret?: string | undefined;
  /** Card payments a session may send to Carat (CARD_ATTEMPTS_PER_SESSION). */
  cardAttemptsPerSession: number;
  /** Carat's authorizer_id per card brand (CARAT_AUTHORIZER_IDS): the brands this proxy can charge. */
  authorizerIds: Partial<Record<CardBrand, string>>;
  /** Send payment.card.holder to Carat (CARAT_SEND_CARD_HOLDER). */
  sendCardHolder: boolean;
  /** True when Carat accepts our own calls right now (settlement.ts rule 8: recovery/credentials-check.ts). */
  credentialsWork: () => Promise<boolean>;
  /** Card attempts per address and the decline breaker (CARD_ATTEMPTS_PER_IP, CARD_DECLINES_PER_10MIN, CARD_PAUSE_MS). */
  cardGuard: CardGuard;
  /** MAX_INSTALLMENTS, MIN_INSTALLMENT_CENTS. */
  installments: InstallmentLimits;
  /** Branch-data lookups one session may make (BRANCH_LOOKUPS_PER_SESSION). */
  branchLookupsPerSession: number;
}
