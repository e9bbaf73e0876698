/**
 * Schedule edits (§6.6): a SEID is issued by POST /v1/schedules/edits, delivered only by the form
 * POST to the authenticity URL, and used once by PUT /v1/schedules/edits/{seid}. NOV → CON when
 * used; INV when the merchant did not answer the form POST with 200; NOV → EXP after its lifetime.
 */
import { randomBytes } from 'node:crypto';

export type EditStatus = 'NOV' | 'CON' | 'INV' | 'EXP';

export interface ScheduleEdit {
  seid: string;
  sid: string;
  merchantKey: string;
  createdAtMs: number;
  status: EditStatus;
}

export class EditBook {
  #bySeid = new Map<string, ScheduleEdit>();
  readonly #now: () => number;
  readonly #lifetimeMs: number;

  constructor(now: () => number, lifetimeMs: number) {
    this.#now = now;
    this.#lifetimeMs = lifetimeMs;
  }

  open(sid: string, merchantKey: string): ScheduleEdit {
    const edit: ScheduleEdit = { seid: randomBytes(32).toString('hex'), sid, merchantKey, createdAtMs: this.#now(), status: 'NOV' };
    this.#bySeid.set(edit.seid, edit);
    return edit;
  }

  get(seid: string): ScheduleEdit | undefined {
    const edit = this.#bySeid.get(seid);
    if (edit?.status === 'NOV' && this.#now() - edit.createdAtMs >= this.#lifetimeMs) edit.status = 'EXP';
    return edit;
  }
}
