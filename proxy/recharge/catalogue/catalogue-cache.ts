/**
 * The general_hash cache (§3.2): Carat versions its reference tables (dealers, branches, amounts)
 * with one hash. We keep the dealer lists and branch data fetched under the current hash; when a
 * creation reports the same hash, they are served from here and Carat is not asked again. A new
 * hash drops everything held (one generation only: the old tables are no longer true). A lookup
 * sends the hash of the table it asks for only when we hold that table (else zeros): a hash we hold
 * no data for could tell Carat we need nothing.
 *
 * Bounded: at most MAX_CACHED_BRANCH_DATA answers, the least recently used going first (a Map keeps
 * insertion order; a hit re-inserts its key), so no sequence of lookups grows it without end.
 */
import type { RechargeType } from '../../browser-api.ts';
import type { CaratDealer, ListBranchDataResponse } from '../../carat/responses.ts';
import type { BranchSelection } from '../../carat/client.ts';

export interface CatalogueCache {
  /** The hash we hold tables for, to send on creation; undefined when we hold none. */
  currentHash(): string | undefined;
  dealers(hash: string, type: RechargeType): CaratDealer[] | undefined;
  putDealers(hash: string, type: RechargeType, dealers: CaratDealer[]): void;
  branchData(hash: string, selection: BranchSelection): ListBranchDataResponse | undefined;
  putBranchData(hash: string, selection: BranchSelection, data: ListBranchDataResponse): void;
  /** The hash of the dealer list we hold for this type, to send on a lookup; undefined when we hold none. */
  dealersHeldUnder(type: RechargeType): string | undefined;
  /** The hash of the branch data we hold for this selection, to send on a lookup; undefined when we hold none. */
  branchDataHeldUnder(selection: BranchSelection): string | undefined;
  /** Branch-data answers held now (at most the cache's bound). */
  size(): number;
}

/** The key of a branch-data answer; answers make it specific to one shopper, so those are not keyed. */
export function selectionKey(selection: BranchSelection): string {
  return JSON.stringify([selection.type, selection.dealerCode, selection.typeCode ?? '', selection.branchCode ?? '', selection.ddd ?? '']);
}

/** Every dealer × product × DDD a busy shop sells fits many times over. */
export const MAX_CACHED_BRANCH_DATA = 2000;

export function createCatalogueCache(maxEntries = MAX_CACHED_BRANCH_DATA): CatalogueCache {
  let hash: string | undefined;
  let dealersByType = new Map<RechargeType, CaratDealer[]>();
  let branchDataByKey = new Map<string, ListBranchDataResponse>();

  function generation(forHash: string): void {
    if (forHash === hash) return;
    hash = forHash;
    dealersByType = new Map();
    branchDataByKey = new Map();
  }
  const cacheable = (selection: BranchSelection) => !selection.answers?.length;

  return {
    currentHash: () => hash,
    dealers: (forHash, type) => (forHash === hash ? dealersByType.get(type) : undefined),
    putDealers(forHash, type, dealers) {
      generation(forHash);
      dealersByType.set(type, dealers);
    },
    branchData(forHash, selection) {
      if (forHash !== hash || !cacheable(selection)) return undefined;
      const key = selectionKey(selection);
      const data = branchDataByKey.get(key);
      if (data) {
        branchDataByKey.delete(key);
        branchDataByKey.set(key, data);
      }
      return data;
    },
    putBranchData(forHash, selection, data) {
      if (!cacheable(selection)) return;
      generation(forHash);
      const key = selectionKey(selection);
      branchDataByKey.delete(key);
      branchDataByKey.set(key, data);
      if (branchDataByKey.size > maxEntries) branchDataByKey.delete(branchDataByKey.keys().next().value!);
    },
    dealersHeldUnder: (type) => (dealersByType.has(type) ? hash : undefined),
    branchDataHeldUnder: (selection) => (cacheable(selection) && branchDataByKey.has(selectionKey(selection)) ? hash : undefined),
    size: () => branchDataByKey.size,
  };
}
