/**
 * Branch data (§3.4): amounts, questions and payment methods for one dealer (and DDD, product or
 * biller). Served from the general_hash cache when possible; every copy the session used is kept
 * in the session, since the recharge step checks the shopper's choice against it.
 */
import type { BranchData, BranchDataRequest } from '../../browser-api.ts';
import { invalidRequest } from '../../api-failure.ts';
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

/** From the cache, or from Carat (then cached); recorded in the session either way. */
async function fetchBranchData(deps: RechargeDeps, session: SessionRecord, selection: BranchSelection): Promise<ListBranchDataResponse> {
  const held = (data: ListBranchDataResponse) => (record: SessionRecord): SessionRecord =>
    ({ ...record, dealerCode: selection.dealerCode, branchData: { ...record.branchData, [heldKey(selection)]: data } });
  const cached = deps.cache.branchData(session.generalHash, selection);
  if (cached) {
    await deps.store.update(session.id, held(cached));
    return cached;
  }
  const journal = journalOf(deps, session.id);
  let data: ListBranchDataResponse;
  try {
    // The hash of the branch data we hold for this choice (an older one, since this one missed), or zeros.
    data = await deps.carat.listBranchData(session.nit, selection, deps.cache.branchDataHeldUnder(selection) ?? NO_GENERAL_HASH);
  } catch (error) {
    // An expired transaction ends the session: the browser gets session_expired (410).
    const expired = error instanceof GatewayFailure && error.caratStatus === 'EXP';
    await journal.failure('list_branch_data', error, expired ? (record) => ({ ...record, status: 'EXP' }) : undefined);
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
