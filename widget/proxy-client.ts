/**
 * The proxy's browser API (proxy/browser-api.ts), one function per route. Every failure becomes an
 * ApiFailure whose `code` is the proxy's error code, or 'proxy_unreachable' when no answer came at all
 * (the proxy down, a wrong `api`, a CORS refusal: fetch rejects and the browser does not say which).
 */
import type {
  ApiErrorBody, ApiErrorCode, BranchData, BranchDataRequest, CreateRechargeResponse, RechargeRequest,
  RechargeResult, RechargeSession, RechargeType,
} from '../proxy/browser-api.ts';

/**
 * The recharge call's 202 (issue 9): Carat's outcome is not known yet. The same Idempotency-Key
 * answers 202 again until the session is settled; GET /api/recharges/:id then holds the result.
 */
export interface RechargePending {
  status: 'pending';
  id: string;
  retryAfterMs: number;
}

export type FailureCode = ApiErrorCode | 'proxy_unreachable';

export class ApiFailure extends Error {
  readonly code: FailureCode;
  readonly status: number;
  readonly field: string | undefined;
  constructor(code: FailureCode, status: number, message: string, field?: string) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    this.status = status;
    this.field = field;
  }
}

/**
 * The proxy gives up on Carat after CARAT_TIMEOUT_MS (15 s by default) and answers 504; this is
 * only for an answer that never comes (a dead connection), and so is well above it.
 */
const ANSWER_TIMEOUT_MS = 60_000;

function codeForStatus(status: number): ApiErrorCode {
  if (status === 410) return 'session_expired';
  if (status === 504) return 'gateway_timeout';
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'not_found';
  if (status === 402) return 'payment_required';
  if (status === 403) return 'grant_invalid';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'gateway_unavailable';
  return 'invalid_request';
}

/** AbortSignal.any and .timeout are recent (Safari 17.4): without them, the caller's signal alone. */
function withAnswerTimeout(signal: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any !== 'function' || typeof AbortSignal.timeout !== 'function') return signal;
  return AbortSignal.any([signal, AbortSignal.timeout(ANSWER_TIMEOUT_MS)]);
}

export class ProxyClient {
  readonly #base: string;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string, fetcher: typeof fetch = globalThis.fetch.bind(globalThis)) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#fetch = fetcher;
  }

  /** `grant`: the merchant's order grant, when its checkout already took the money. */
  createRecharge(type: RechargeType, signal: AbortSignal, grant?: string): Promise<CreateRechargeResponse> {
    return this.#post('/api/recharges', { type, ...(grant !== undefined ? { grant } : {}) }, signal);
  }

  branchData(id: string, request: BranchDataRequest, signal: AbortSignal): Promise<BranchData> {
    return this.#post(`/api/recharges/${encodeURIComponent(id)}/branches`, request, signal);
  }

  /** The final answer, or RechargePending (HTTP 202) while the proxy does not know the outcome yet. */
  async recharge(id: string, request: RechargeRequest, idempotencyKey: string, signal: AbortSignal): Promise<RechargeResult | RechargePending> {
    const answer = await this.#post<RechargeResult | RechargePending>(`/api/recharges/${encodeURIComponent(id)}/recharge`, request, signal, { 'Idempotency-Key': idempotencyKey });
    return (answer.status as string) === 'pending' ? { status: 'pending', id, retryAfterMs: (answer as RechargePending).retryAfterMs } : answer;
  }

  session(id: string, signal: AbortSignal): Promise<RechargeSession> {
    return this.#send(`/api/recharges/${encodeURIComponent(id)}`, { method: 'GET', headers: { Accept: 'application/json' } }, signal);
  }

  #post<T>(path: string, body: unknown, signal: AbortSignal, headers: Record<string, string> = {}): Promise<T> {
    const init = { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, body: JSON.stringify(body) };
    return this.#send(path, init, signal);
  }

  async #send<T>(path: string, init: RequestInit, signal: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, { ...init, signal: withAnswerTimeout(signal) });
    } catch (error) {
      if (signal.aborted) throw error; // ours: a newer call replaced this one
      throw new ApiFailure('proxy_unreachable', 0, 'The proxy could not be reached (down, a wrong `api` attribute, or CORS: see ALLOWED_ORIGINS).');
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok && payload !== undefined) return payload as T;
    const apiError = (payload as Partial<ApiErrorBody> | undefined)?.error;
    if (apiError && typeof apiError.code === 'string') {
      throw new ApiFailure(apiError.code, response.status, String(apiError.message ?? ''), apiError.field);
    }
    throw new ApiFailure(response.ok ? 'gateway_unavailable' : codeForStatus(response.status), response.status, `HTTP ${response.status}`);
  }
}
