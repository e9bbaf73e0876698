/**
 * The batch's calendar (Q12): execution dates for each interval unit, the month-end rule, the wire
 * date format, and a sandbox configured with a daily interval charging day after day.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScheduleCalendar, isoDayOf, wireDayOf, type IntervalUnit } from '../../../proxy/sandbox/schedule/schedule-calendar.ts';
import { startHarness } from './harness.ts';
import { scheduleCalls } from './schedule-calls.ts';

const NOW_MS = Date.UTC(2026, 0, 31, 12);

describe('execution dates', () => {
  const rows: Array<[IntervalUnit, string, number, number, string]> = [
    ['month', '2026-01-31', 1, 0, '2026-01-31'],
    ['month', '2026-01-31', 1, 1, '2026-02-28'],
    ['month', '2026-01-31', 1, 2, '2026-03-31'],
    ['month', '2024-01-31', 1, 1, '2024-02-29'],
    ['month', '2026-11-15', 1, 3, '2027-02-15'],
    ['month', '2026-01-10', 2, 2, '2026-05-10'],
    ['day', '2026-01-31', 1, 1, '2026-02-01'],
    ['day', '2026-12-30', 3, 1, '2027-01-02'],
    ['week', '2026-01-31', 1, 2, '2026-02-14'],
  ];
  for (const [unit, initial, interval, index, expected] of rows) {
    it(`${unit} × ${interval}, execution ${index} from ${initial} → ${expected}`, () => {
      assert.equal(new ScheduleCalendar(() => NOW_MS, unit).executionDate(initial, interval, index), expected);
    });
  }

  it('today moves on one day at a time from the clock\'s UTC date', () => {
    const calendar = new ScheduleCalendar(() => NOW_MS, 'month');
    assert.equal(calendar.today(), '2026-01-31');
    assert.equal(calendar.nextDay(), '2026-02-01');
    assert.equal(calendar.today(), '2026-02-01');
  });

  it('reads and writes DD/MM/YYYY, refusing days that do not exist', () => {
    assert.equal(isoDayOf('03/08/2025'), '2025-08-03');
    assert.equal(isoDayOf('29/02/2024'), '2024-02-29');
    assert.equal(isoDayOf('29/02/2026'), undefined);
    assert.equal(isoDayOf('3/8/2025'), undefined);
    assert.equal(wireDayOf('2025-08-03'), '03/08/2025');
  });
});

describe('a sandbox with a daily interval', () => {
  it('charges on consecutive days and finishes', async () => {
    const h = await startHarness({ now: () => NOW_MS, scheduleIntervalUnit: 'day' });
    try {
      const api = scheduleCalls(h);
      const sid = await api.createSchedule('2026-02-01', { number_of_times: '2' });
      await api.activate(sid);
      const executions = await h.sandbox.schedules.advanceDays(5);
      assert.deepEqual(executions.map((e) => [e.day, e.scheduleStatus]), [['2026-02-01', 'ATV'], ['2026-02-02', 'FIN']]);
    } finally {
      await h.close();
    }
  });
});
