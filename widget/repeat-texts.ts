/**
 * The few words of monthly top-ups that screens of the main bundle show (the review's row, hint and
 * button, the scheduled result's heading), provided by the repeat chunk when it loads
 * (steps/repeat-choice.ts): the first paint carries none of the repeat texts. A review can hold a
 * repeat choice only once that chunk ran, so the review always finds them.
 */
import type { RepeatChoice } from './flow-state.ts';
import type { Messages } from './messages.ts';

export interface RepeatTexts {
  /** The review's row: its term and "3 × R$ 15,00, on 15/01/2027, …". */
  row(m: Messages, amountCents: number, repeat: RepeatChoice): [string, string];
  /** What the card is charged when: nothing today (a start date), or today and then monthly (now). */
  whenCharged(m: Messages, chargedCents: number, repeat: RepeatChoice): string;
  confirm(m: Messages, repeat: RepeatChoice): string;
  /** `toppedUpNow`: the first top-up was made with the setup. */
  scheduledHeading(m: Messages, toppedUpNow: boolean): string;
}

let provided: RepeatTexts | undefined;

export function provideRepeatTexts(texts: RepeatTexts): void {
  provided = texts;
}

export function repeatTexts(): RepeatTexts | undefined {
  return provided;
}
