/**
 * The one HTTP wrapper for Carat's recharge and payment APIs. It owns the per-call timeout
 * (AbortSignal) and the mapping of transport failures onto the browser's error codes. It returns the
 * content of the response's wrapper object (the payment API's bodies have none, §1: then the body
 * itself); each operation parses it with its own lenient schema.
 */
import { ApiFailure } from '../api-failure.ts';

export type GatewayFailureCode = 'gateway_rejected' | 'gateway_unavailable' | 'gateway_timeout';

/**
 * A failed gateway call. `outcomeUnknown` is true when Carat may have acted on the call even though
 * we got no usable answer (timeout, any HTTP status but 200, unreadable body): a call that moves
 * money must then be resolved by the status query, never silently retried. Only Carat's readable
 * refusal (HTTP 200, non-zero esitef.code) has it false.
 */
export class GatewayFailure extends ApiFailure {
  constructor(
    code: GatewayFailureCode,
    message: string,
    readonly outcomeUnknown: boolean,
    /** Carat's transaction status in a refusal, when it sent one (e.g. EXP). */
    readonly caratStatus?: string,
    /** Carat's business code (non-zero esitef.code) when Carat answered and refused: it read the call and did not act. */
    readonly esitefCode?: string,
  ) {
    super(code, message);
    this.name = 'GatewayFailure';
  }
}

export interface CaratRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path below the base URL, e.g. "/v3/recharge". */
  path: string;
  query?: Record<string, string | undefined>;
  /** The request body, already wrapped ({begin_recharge_request: …}). */
  body?: unknown;
  authorization?: string;
  /** Further headers: the payment API's merchant_id and merchant_key (§4). */
  headers?: Record<string, string>;
  /** The response's wrapper key, e.g. "begin_recharge_response"; absent for the payment API. */
  responseWrapper?: string;
}

export interface CaratHttp {
  send(request: CaratRequest): Promise<unknown>;
}

export interface CaratHttpOptions {
  /** Base up to and including /e-sitef. */
  baseUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

export function createCaratHttp(options: CaratHttpOptions): CaratHttp {
  const doFetch = options.fetch ?? fetch;
  return {
    async send(request) {
      const url = new URL(options.baseUrl + request.path);
      for (const [name, value] of Object.entries(request.query ?? {})) {
        if (value !== undefined) url.searchParams.set(name, value);
      }
      const headers: Record<string, string> = { ...request.headers, accept: 'application/json' };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      if (request.authorization !== undefined) headers.authorization = request.authorization;

      let status: number;
      let text: string;
      try {
        const response = await doFetch(url, {
          method: request.method,
          headers,
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: AbortSignal.timeout(options.timeoutMs),
          redirect: 'error',
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        if (isAbort(error)) {
          throw new GatewayFailure('gateway_timeout', 'The payment gateway did not answer in time. Please try again.', true);
        }
        throw new GatewayFailure('gateway_unavailable', 'The payment gateway cannot be reached right now. Please try again.', true);
      }

      if (status >= 500) {
        throw new GatewayFailure('gateway_unavailable', 'The payment gateway is unavailable right now. Please try again.', true);
      }
      if (status !== 200) {
        // A 4xx is not Carat's readable refusal (that is HTTP 200 with a non-zero esitef.code): a
        // proxy or gateway in front may have answered after the call went through, so on a money
        // call the outcome is unknown and only the status query can tell (settlement.ts, rule 4).
        throw new GatewayFailure('gateway_rejected', 'The payment gateway refused the request.', true);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new GatewayFailure('gateway_unavailable', 'The payment gateway sent an unreadable answer. Please try again.', true);
      }
      const content = request.responseWrapper === undefined
        ? parsed
        : (parsed as Record<string, unknown> | null)?.[request.responseWrapper];
      if (typeof content !== 'object' || content === null || Array.isArray(content)) {
        throw new GatewayFailure('gateway_unavailable', 'The payment gateway sent an unexpected answer. Please try again.', true);
      }
      return content;
    },
  };
}
