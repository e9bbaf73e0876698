/**
 * The simulated calendar of the daily batch (§6.5). The sandbox's day is the UTC date of its clock
 * plus the days the control API has advanced, so a test walks through months without waiting.
 *
 * Q12 (the unit of `schedule.interval` was not captured): configurable, `month` by default
 * ("Assinatura" reads like a monthly subscription). A monthly execution falls on the initial date's
 * day of the month, or the month's last day when it is shorter (31 Jan → 28 Feb → 31 Mar): each date
 * is counted from the initial date, so a short month does not pull the later ones back.
 */
export type IntervalUnit = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;

/** An ISO day, YYYY-MM-DD, UTC. */
export type IsoDay = string;

export class ScheduleCalendar {
  #offsetDays = 0;
  readonly #now: () => number;
  readonly unit: IntervalUnit;

  constructor(now: () => number, unit: IntervalUnit) {
    this.#now = now;
    this.unit = unit;
  }

  today(): IsoDay {
    return new Date(this.#now() + this.#offsetDays * DAY_MS).toISOString().slice(0, 10);
  }

  /** Moves the sandbox's day one day on. */
  nextDay(): IsoDay {
    this.#offsetDays += 1;
    return this.today();
  }

  /** The date of execution `index` (0 = the initial date), `interval` units apart. */
  executionDate(initial: IsoDay, interval: number, index: number): IsoDay {
    const [year, month, day] = initial.split('-').map(Number) as [number, number, number];
    const steps = interval * index;
    if (this.unit === 'day' || this.unit === 'week') {
      const days = this.unit === 'week' ? steps * 7 : steps;
      return new Date(Date.UTC(year, month - 1, day) + days * DAY_MS).toISOString().slice(0, 10);
    }
    const firstOfMonth = new Date(Date.UTC(year, month - 1 + steps, 1));
    const lastDay = new Date(Date.UTC(firstOfMonth.getUTCFullYear(), firstOfMonth.getUTCMonth() + 1, 0)).getUTCDate();
    firstOfMonth.setUTCDate(Math.min(day, lastDay));
    return firstOfMonth.toISOString().slice(0, 10);
  }
}

/** `DD/MM/YYYY` (the wire format, §6.2) → an ISO day; undefined when it is no real date. */
export function isoDayOf(wire: string): IsoDay | undefined {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(wire);
  if (!match) return undefined;
  const [, dd, mm, yyyy] = match;
  const iso = `${yyyy}-${mm}-${dd}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/** An ISO day → `DD/MM/YYYY`. */
export function wireDayOf(iso: IsoDay): string {
  const [yyyy, mm, dd] = iso.split('-');
  return `${dd}/${mm}/${yyyy}`;
}
