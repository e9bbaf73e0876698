/**
 * A sentence naming a phone number, with the number kept on one line: on a 360 px phone a plain
 * "(11) 98765-4321" breaks at its hyphen. A `nowrap` span (step-styles.ts) rather than a
 * non-breaking hyphen (U+2011) in formatPhone: the number stays plain text for copying, sharing,
 * the phone field's mask and screen readers, and the messages stay plain strings in every language.
 */
import { html, type TemplateResult } from 'lit';

export function phoneOnOneLine(sentence: string, phone: string): TemplateResult | string {
  const at = phone ? sentence.indexOf(phone) : -1;
  if (at < 0) return sentence;
  return html`${sentence.slice(0, at)}<span class="nowrap">${phone}</span>${sentence.slice(at + phone.length)}`;
}
