/**
 * Authenticity mode (§3.2): inside the creation call, Carat form-POSTs the new NIT to the
 * merchant's registered URL and only goes on when that answers 200 (a redirect is a failure).
 */

export interface AuthenticityForm {
  nit: string;
  merchantId: string;
  orderId?: string;
  merchantUSN?: string;
  generalHash: string;
}

export type AuthenticityOutcome = { ok: true } | { ok: false; reason: string };

export async function postAuthenticity(url: string, form: AuthenticityForm, timeoutMs: number): Promise<AuthenticityOutcome> {
  const body = new URLSearchParams();
  body.set('nit', form.nit);
  body.set('merchantId', form.merchantId);
  body.set('orderId', form.orderId ?? '');
  body.set('merchantUSN', form.merchantUSN ?? '');
  body.set('generalHash', form.generalHash);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-cache' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status !== 200) return { ok: false, reason: `the authenticity URL answered HTTP ${response.status}` };
    return { ok: true };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return { ok: false, reason: timedOut ? 'the authenticity URL did not answer in time' : 'the authenticity URL could not be reached' };
  }
}
