/**
 * Branch data (§3.4): amounts, questions and payment methods for one dealer (and DDD, product or
 * biller). Served from the general_hash cache when possible; every copy the session used is kept
 * in the session, since the recharge step checks the shopper's choice against it.
 *
 * Floods (issue 8 §3): a session may make BRANCH_LOOKUPS_PER_SESSION lookups in all (counted in its
 * record, so the count survives a restart and costs no extra write), look up at most
 * INVOICE_LOOKUPS_PER_SESSION distinct bills (each reveals a holder's name; the same bar code again
 * is answered from the session, without Carat), and its record never grows past
 * SESSION_RECORD_MAX_BYTES. Past any of them: 429 rate_limited, until a new recharge.
 */
import type { BranchData, BranchDataRequest } from '../../browser-api.ts';
import { ApiFailure, invalidRequest } from '../../api-failure.ts';
import { NO_GENERAL_HASH, type BranchSelection } from '../../carat/client.ts';
import { GatewayFailure } from '../../carat/http.ts';
import type { ListBranchDataResponse } from '../../carat/responses.ts';
import { journalOf } from '../../store/journal.ts';
import type { SessionRecord } from '../../store/session-store.ts';
import { expiredSession } from '../open-session.ts';
import type { RechargeDeps } from '../recharge-deps.ts';
import { selectionKey } from './catalogue-cache.ts';
import { branchDataView } from './catalogue-view.ts';

export function selectionFor(session: SessionRecord, request: Omit<BranchDataRequest, 'ddd' | 'answers'> & Partial<BranchDataRequest>): BranchSelection {
  const selection: BranchSelection = { type: session.type, dealerCode: request.dealerCode };
  if (request.typeCode !== undefined) selection.typeCode = request.typeCode;
  if (request.branchCode !== undefined) selection.branchCode = request.branchCode;
  if (request.ddd !== undefined) selection.ddd = request.ddd;
  if (request.answers?.length) selection.answers = request.answers;
  return selection;
}

/** The session's key for a selection: what a recharge with the same choice will look up (only a phone top-up has a DDD). */
function heldKey(selection: BranchSelection): string {
  const { ddd: _ddd, ...withoutDdd } = selection;
  return selectionKey(selection.type === 'normal' ? selection : withoutDdd);
}

/** The choice must be one Carat listed for this session: no call for a dealer that does not exist. */
function checkSelection(session: SessionRecord, selection: BranchSelection): void {
  const dealer = session.dealers.find((candidate) => candidate.code === selection.dealerCode);
  if (!dealer) throw invalidRequest('dealerCode', 'is not one of the dealers offered for this recharge');
  if (selection.typeCode !== undefined && dealer.type_code !== undefined && dealer.type_code !== selection.typeCode) {
    throw invalidRequest('typeCode', "does not match the dealer's product type");
  }
  const branches = dealer.branches ?? [];
  if (selection.branchCode !== undefined && branches.length && !branches.some((branch) => branch.code === selection.branchCode)) {
    throw invalidRequest('branchCode', 'is not one of the products or billers of this dealer');
  }
}

export const INVOICE_LOOKUPS_PER_SESSION = 3;
/** Far above a shopper's session (a few KB); a record past it is a flood's. */
export const SESSION_RECORD_MAX_BYTES = 128 * 1024;

const tooMuch = (what: string) => new ApiFailure('rate_limited', `Too many ${what} for this recharge. Please start a new recharge to go on.`);

/** invoice: the bill's lookup key (its bar code answer); undefined for other lookups. */
function invoiceKey(session: SessionRecord, selection: BranchSelection): string | undefined {
  return session.type === 'invoice' && selection.answers?.length ? JSON.stringify(selection.answers.map((answer) => [answer.code, answer.description])) : undefined;
}

/** One more lookup counted, within the record's size cap. */
function counted(record: SessionRecord): SessionRecord {
  const next = { ...record, branchLookups: (record.branchLookups ?? 0) + 1 };
  if (JSON.stringify(next).length > SESSION_RECORD_MAX_BYTES) throw tooMuch('lookups');
  return next;
}

/** From the session's bills, the cache, or Carat (then cached); recorded in the session either way. */
async function fetchBranchData(deps: RechargeDeps, session: SessionRecord, selection: BranchSelection): Promise<ListBranchDataResponse> {
  if ((session.branchLookups ?? 0) >= deps.branchLookupsPerSession) throw tooMuch('lookups');
  const bill = invoiceKey(session, selection);
  const held = (data: ListBranchDataResponse) => (record: SessionRecord): SessionRecord => counted({
    ...record,
    dealerCode: selection.dealerCode,
    branchData: { ...record.branchData, [heldKey(selection)]: data },
    ...(bill ? { invoices: { ...record.invoices, [bill]: data } } : {}),
  });
  const known = (bill ? session.invoices?.[bill] : undefined) ?? deps.cache.branchData(session.generalHash, selection);
  if (known) {
    await deps.store.update(session.id, held(known));
    return known;
  }
  if (bill && Object.keys(session.invoices ?? {}).length >= INVOICE_LOOKUPS_PER_SESSION) throw tooMuch('bills looked up');
  const journal = journalOf(deps, session.id);
  let data: ListBranchDataResponse;
  try {
    // The hash of the branch data we hold for this choice (an older one, since this one missed), or zeros.
    data = await deps.carat.listBranchData(session.nit, selection, deps.cache.branchDataHeldUnder(selection) ?? NO_GENERAL_HASH);
  } catch (error) {
    // An expired transaction ends the session: the browser gets session_expired (410).
    const expired = error instanceof GatewayFailure && error.caratStatus === 'EXP';
    await journal.failure('list_branch_data', error, expired ? (record) => ({ ...counted(record), status: 'EXP' }) : counted);
    throw expired ? expiredSession() : error;
  }
  deps.cache.putBranchData(session.generalHash, selection, data);
  await journal.outcome('list_branch_data', data.status, { change: held(data) });
  return data;
}

export async function listBranchData(deps: RechargeDeps, session: SessionRecord, request: BranchDataRequest): Promise<BranchData> {
  const selection = selectionFor(session, request);
  checkSelection(session, selection);
  return branchDataView(await fetchBranchData(deps, session, selection));
}

/** The recharge step's copy: the one the session already holds, else fetched now. */
export async function heldBranchData(deps: RechargeDeps, session: SessionRecord, selection: BranchSelection): Promise<ListBranchDataResponse> {
  checkSelection(session, selection);
  return session.branchData[heldKey(selection)] ?? fetchBranchData(deps, session, selection);
}
