/**
 * Authenticity mode (§3.2): Carat delivers the NIT of a new recharge by form-POSTing it to our
 * /carat/authenticity URL *during* the creation call. A creation registers what it waits for (its
 * fresh order id and merchant USN) before calling Carat; the POST route hands the notice over.
 */
import { GatewayFailure } from './carat/http.ts';

export interface AuthenticityNotice {
  nit: string;
  merchantId: string;
  orderId: string;
  merchantUsn: string;
  generalHash: string;
}

export interface AuthenticityExpectation {
  /** Resolves with the notice, or fails with gateway_timeout when none came within timeoutMs. */
  received(timeoutMs: number): Promise<AuthenticityNotice>;
  /** Stop waiting (the creation failed); a late notice is then ignored. */
  cancel(): void;
}

export interface AuthenticityWaiter {
  expect(orderId: string, merchantUsn: string): AuthenticityExpectation;
  /** True when the notice matched a creation we are waiting for. Replays and strangers are ignored. */
  deliver(notice: AuthenticityNotice): boolean;
}

export function createAuthenticityWaiter(merchantId: string): AuthenticityWaiter {
  const pending = new Map<string, (notice: AuthenticityNotice) => void>();
  const keyOf = (orderId: string, merchantUsn: string) => JSON.stringify([orderId, merchantUsn]);

  return {
    expect(orderId, merchantUsn) {
      const key = keyOf(orderId, merchantUsn);
      let arrived: AuthenticityNotice | undefined;
      let wake: ((notice: AuthenticityNotice) => void) | undefined;
      pending.set(key, (notice) => {
        pending.delete(key);
        arrived = notice;
        wake?.(notice);
      });
      return {
        received(timeoutMs) {
          if (arrived) return Promise.resolve(arrived);
          return new Promise<AuthenticityNotice>((resolve, reject) => {
            const timer = setTimeout(() => {
              pending.delete(key);
              reject(new GatewayFailure('gateway_timeout', 'The payment gateway did not confirm the new recharge in time. Please try again.', false));
            }, timeoutMs);
            wake = (notice) => {
              clearTimeout(timer);
              resolve(notice);
            };
          });
        },
        cancel() {
          pending.delete(key);
        },
      };
    },

    deliver(notice) {
      if (notice.merchantId !== merchantId) return false;
      const hand = pending.get(keyOf(notice.orderId, notice.merchantUsn));
      if (!hand) return false;
      hand(notice);
      return true;
    },
  };
}
