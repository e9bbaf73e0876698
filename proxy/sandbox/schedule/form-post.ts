/**
 * The sandbox form-POSTs to the merchant as Carat does (the SEID of an edit, each execution's status
 * notice): x-www-form-urlencoded, no redirects followed, bounded in time. The HTTP status, or 0 when
 * nothing answered.
 */
export async function postForm(url: string, form: Record<string, string>, timeoutMs: number): Promise<number> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}
