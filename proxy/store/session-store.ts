/**
 * Where recharge sessions live. Kept small on purpose: a durable journal (SQLite, a later issue)
 * implements the same five methods. Records are plain JSON-able data; a store hands out copies, so
 * a caller changes a session only through put/update.
 */
import type { CaratStatus, RechargeType } from '../browser-api.ts';
import type { CaratDealer, ListBranchDataResponse } from '../carat/responses.ts';

export type GatewayStep = 'create' | 'list_dealers' | 'list_branch_data' | 'do' | 'confirm' | 'undo' | 'status';

/** What one gateway call did: `unknown` when Carat may have acted but we got no usable answer. */
export interface StepOutcome {
  step: GatewayStep;
  outcome: 'ok' | 'refused' | 'unknown';
  caratStatus?: string;
  at: string;
}

export interface SessionRecord {
  /** The browser's opaque id (random), never the NIT. */
  id: string;
  type: RechargeType;
  /** Carat's transaction id: server-side only. */
  nit: string;
  /** The last status Carat reported for this transaction. */
  status: CaratStatus;
  createdAt: string;
  /** The general hash Carat gave at creation: the version of the tables this session uses. */
  generalHash: string;
  dealerCode?: string;
  amountCents?: number;
  /** The dealers Carat listed for this session: what the browser may choose from. */
  dealers: CaratDealer[];
  /** Branch data this session fetched, by selection key: the proxy's own copy for the amount and invoice checks. */
  branchData: Record<string, ListBranchDataResponse>;
  steps: StepOutcome[];
}

/** The first answer given to an Idempotency-Key, replayed for the same key. */
export interface IdempotentResult {
  httpStatus: number;
  body: unknown;
}

export interface SessionStore {
  get(id: string): Promise<SessionRecord | undefined>;
  put(record: SessionRecord): Promise<void>;
  /** Applies `change` to the stored record and stores the result; fails if the session is unknown. */
  update(id: string, change: (record: SessionRecord) => SessionRecord): Promise<SessionRecord>;
  getResult(sessionId: string, idempotencyKey: string): Promise<IdempotentResult | undefined>;
  putResult(sessionId: string, idempotencyKey: string, result: IdempotentResult): Promise<void>;
}
