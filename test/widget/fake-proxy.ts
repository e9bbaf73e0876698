/**
 * A small in-test fake of the proxy's browser API (proxy/browser-api.ts), served through the
 * widget's `fetcher` property. It answers like the sandbox's catalogue, records every request,
 * and can be told to fail, or to hold an answer until the test lets it go. Like the proxy of
 * issue 9, it can leave a recharge pending (202) until the test settles it; GET /api/recharges/:id
 * tells whether the session is settled and, once it is, its result.
 */
import type {
  ApiErrorBody, BranchDataRequest, RechargeRequest, RechargeResult, RechargeSession, RechargeType,
} from '../../proxy/browser-api.ts';
import {
  BARCODE, BILL_DATA, BILL_QUESTION_DATA, DENIED, DONE, PHONE_DATA, PHONE_DATA_WITH_QUESTION, PIN_DATA, PIN_DONE, session, TV_ASKS,
} from './catalogue.ts';

export type Route = 'create' | 'branches' | 'recharge' | 'session';

export interface RecordedRequest {
  route: Route;
  sessionId?: string;
  body: Record<string, unknown>;
  idempotencyKey: string | null;
}

/**
 * 'network': no answer, nothing done. 'lost': done, but the answer never reached the browser.
 * 'pending' (recharge only): 202, the outcome unknown until settle().
 */
type Outcome = 'network' | 'lost' | 'pending' | { status: number; body: unknown };

interface FakeSession {
  type: RechargeType;
  /** A recharge was answered 202 and not settled yet. */
  pending: boolean;
  /** The recharge's final answer, once there is one. */
  result?: RechargeResult;
  /** The recharge call's own answer, when it says more than the session (a monthly top-up's schedule). */
  answer?: RechargeResult;
}

export const DENIED_CARD = '4000000000000002';
export const API = 'https://shop.example';

export class FakeProxy {
  readonly requests: RecordedRequest[] = [];
  /** Recharges actually done (a repeated Idempotency-Key does not do another). */
  recharges = 0;
  #sessions = new Map<string, FakeSession>();
  #next = new Map<Route, Outcome[]>();
  #held = new Map<Route, Promise<void>>();
  /** Answers given per Idempotency-Key, as the proxy keeps them: a repeat gets the first answer (a pending one, its session's). */
  #byKey = new Map<string, { status: number; body: unknown } | { pendingIn: string }>();
  /** The wait the 202 answers ask for. */
  retryAfterMs = 0;
  /** Fields added to every session creation answer (e.g. cardBrands). */
  sessionExtras: Record<string, unknown> = {};
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

  /**
   * Settles every pending recharge with this final answer (as the proxy's recovery would); `answer`:
   * what the recharge call answers from then on, when it says more (a monthly top-up's schedule).
   */
  settle(result: RechargeResult, answer?: RechargeResult): void {
    for (const session of this.#sessions.values()) {
      if (!session.pending) continue;
      session.pending = false;
      session.result = result;
      if (answer) session.answer = answer;
    }
  }

  /** What GET /api/recharges/:id answers for a session. */
  view(id: string): RechargeSession | undefined {
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    const settled = !session.pending;
    // As the proxy does: a PIN product's receipts come only in the recharge call's answer, never here.
    const result = session.result && session.type === 'others' && session.result.receipt.customer
      ? { ...session.result, receipt: { customer: '', merchant: '' }, receiptWithheld: true as const, message: 'The receipt is delivered only once, in the answer to the recharge call.' }
      : session.result;
    return {
      id, type: session.type, status: session.pending ? 'PPC' : session.result?.status ?? 'NOV', createdAt: '2026-12-02T03:00:00.000Z',
      settled, ...(settled && result ? { result } : {}),
    };
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    if (!url.href.startsWith(API)) throw new TypeError(`the widget called ${url.origin}, not its api`);
    if (init?.method === 'GET') return this.#look(url, init);
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
    if (repeated && 'pendingIn' in repeated) return this.#pendingAnswer(repeated.pendingIn);
    if (repeated) return json(repeated.status, repeated.body);
    const scripted = this.#next.get(route)?.shift();
    if (scripted === 'network') throw new TypeError('Failed to fetch');
    const sessionId = match[1] ? decodeURIComponent(match[1]) : '';
    if (scripted === 'pending') {
      this.recharges++; // begun: only settle() tells how it ended
      this.#sessions.get(sessionId)!.pending = true;
      if (idempotencyKey) this.#byKey.set(idempotencyKey, { pendingIn: sessionId });
      return this.#pendingAnswer(sessionId);
    }
    const outcome = scripted === 'lost' || scripted === undefined ? this.#answer(route, body) : scripted;
    if (route === 'create') this.#sessions.set((outcome.body as { id: string }).id, { type: body.type as RechargeType, pending: false });
    if (route === 'recharge' && outcome.status === 200) {
      this.recharges++;
      const result = outcome.body as RechargeResult;
      // AGU asks for a TV package: the session waits for it, it is no final answer.
      if (result.status !== 'AGU') this.#sessions.get(sessionId)!.result = result;
    }
    if (idempotencyKey) this.#byKey.set(idempotencyKey, outcome);
    if (scripted === 'lost') throw new TypeError('Failed to fetch');
    return json(outcome.status, outcome.body);
  };

  /** 202 while the session is pending; its final answer once settled (the same Idempotency-Key). */
  #pendingAnswer(sessionId: string): Response {
    const session = this.#sessions.get(sessionId)!;
    if (!session.pending && session.result) return json(200, session.answer ?? session.result);
    return json(202, { status: 'pending', id: sessionId, retryAfterMs: this.retryAfterMs });
  }

  async #look(url: URL, init: RequestInit): Promise<Response> {
    const match = /^\/api\/recharges\/([^/]+)$/.exec(url.pathname);
    const sessionId = match ? decodeURIComponent(match[1]!) : '';
    this.requests.push({ route: 'session', sessionId, body: {}, idempotencyKey: null });
    await this.#held.get('session');
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const scripted = this.#next.get('session')?.shift();
    if (scripted === 'network' || scripted === 'lost') throw new TypeError('Failed to fetch');
    if (scripted && scripted !== 'pending') return json(scripted.status, scripted.body);
    const view = this.view(sessionId);
    return view ? json(200, view) : json(404, { error: { code: 'not_found', message: 'No such recharge session.' } });
  }

  #answer(route: Route, body: Record<string, unknown>): { status: number; body: unknown } {
    if (route === 'create') return { status: 201, body: { ...session(body.type as RechargeType, `sess-${this.#sessions.size + 1}`), ...this.sessionExtras } };
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
