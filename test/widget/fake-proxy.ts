/**
 * A small in-test fake of the proxy's browser API (proxy/browser-api.ts), served through the
 * widget's `fetcher` property. It answers like the sandbox's catalogue, records every request,
 * and can be told to fail, or to hold an answer until the test lets it go.
 */
import type { ApiErrorBody, BranchDataRequest, RechargeRequest, RechargeResult, RechargeType } from '../../proxy/browser-api.ts';
import {
  BARCODE, BILL_DATA, BILL_QUESTION_DATA, DENIED, DONE, PHONE_DATA, PHONE_DATA_WITH_QUESTION, PIN_DATA, PIN_DONE, session, TV_ASKS,
} from './catalogue.ts';

export type Route = 'create' | 'branches' | 'recharge';

export interface RecordedRequest {
  route: Route;
  sessionId?: string;
  body: Record<string, unknown>;
  idempotencyKey: string | null;
}

/** 'network': no answer, nothing done. 'lost': done, but the answer never reached the browser. */
type Outcome = 'network' | 'lost' | { status: number; body: unknown };

export const DENIED_CARD = '4000000000000002';
export const API = 'https://shop.example';

export class FakeProxy {
  readonly requests: RecordedRequest[] = [];
  /** Recharges actually done (a repeated Idempotency-Key does not do another). */
  recharges = 0;
  #sessions = 0;
  #next = new Map<Route, Outcome[]>();
  #held = new Map<Route, Promise<void>>();
  /** Answers given per Idempotency-Key, as the proxy keeps them: a repeat gets the first answer. */
  #byKey = new Map<string, { status: number; body: unknown }>();
  /** Operators that ask a question (the sandbox has at least one). */
  questionDealers = new Set<string>();

  /** The next call of this route gets this outcome instead. */
  next(route: Route, outcome: Outcome): void {
    this.#next.set(route, [...(this.#next.get(route) ?? []), outcome]);
  }

  nextError(route: Route, status: number, code: string, field?: string): void {
    const body: ApiErrorBody = { error: { code: code as ApiErrorBody['error']['code'], message: `fake ${code}`, ...(field ? { field } : {}) } };
    this.next(route, { status, body });
  }

  /** Holds every answer of this route until the returned function is called. */
  hold(route: Route): () => void {
    let release!: () => void;
    this.#held.set(route, new Promise((resolve) => { release = resolve; }));
    return () => { this.#held.delete(route); release(); };
  }

  of(route: Route): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    if (!url.href.startsWith(API)) throw new TypeError(`the widget called ${url.origin}, not its api`);
    const match = /^\/api\/recharges(?:\/([^/]+)\/(branches|recharge))?$/.exec(url.pathname);
    if (!match || init?.method !== 'POST') return json(404, { error: { code: 'not_found', message: 'no route' } });
    const route: Route = match[2] === 'branches' ? 'branches' : match[2] === 'recharge' ? 'recharge' : 'create';
    const headers = new Headers(init.headers);
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    const idempotencyKey = headers.get('Idempotency-Key');
    this.requests.push({ route, ...(match[1] ? { sessionId: decodeURIComponent(match[1]) } : {}), body, idempotencyKey });
    await this.#held.get(route);
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const repeated = idempotencyKey ? this.#byKey.get(idempotencyKey) : undefined;
    if (repeated) return json(repeated.status, repeated.body);
    const scripted = this.#next.get(route)?.shift();
    if (scripted === 'network') throw new TypeError('Failed to fetch');
    const outcome = scripted === 'lost' || scripted === undefined ? this.#answer(route, body) : scripted;
    if (route === 'recharge' && outcome.status === 200) this.recharges++;
    if (idempotencyKey) this.#byKey.set(idempotencyKey, outcome);
    if (scripted === 'lost') throw new TypeError('Failed to fetch');
    return json(outcome.status, outcome.body);
  };

  #answer(route: Route, body: Record<string, unknown>): { status: number; body: unknown } {
    if (route === 'create') return { status: 201, body: session(body.type as RechargeType, `sess-${++this.#sessions}`) };
    if (route === 'branches') {
      const request = body as unknown as BranchDataRequest;
      if (request.dealerCode === '101') return { status: 200, body: PIN_DATA };
      if (request.dealerCode === '800') {
        const answer = request.answers?.[0]?.description;
        return { status: 200, body: answer === BARCODE ? BILL_DATA : BILL_QUESTION_DATA };
      }
      return { status: 200, body: this.questionDealers.has(request.dealerCode) ? PHONE_DATA_WITH_QUESTION : PHONE_DATA };
    }
    const request = body as unknown as RechargeRequest;
    let result: RechargeResult = DONE;
    if (request.dealerCode === '005' && !request.answers?.some((a) => a.code === '126')) result = TV_ASKS;
    else if (request.dealerCode === '101') result = PIN_DONE;
    else if (request.payment?.card.number === DENIED_CARD) result = DENIED;
    return { status: 200, body: result };
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}
