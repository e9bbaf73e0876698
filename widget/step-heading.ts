/**
 * The step heading at the page's level (heading-level, 1–6). Six plain templates rather than
 * lit/static-html: this is in the first paint, and static-html would add about half a kilobyte to it.
 */
import { html, type TemplateResult } from 'lit';

export function stepHeading(level: number, text: string): TemplateResult {
  switch (level) {
    case 1: return html`<h1 part="heading" tabindex="-1">${text}</h1>`;
    case 3: return html`<h3 part="heading" tabindex="-1">${text}</h3>`;
    case 4: return html`<h4 part="heading" tabindex="-1">${text}</h4>`;
    case 5: return html`<h5 part="heading" tabindex="-1">${text}</h5>`;
    case 6: return html`<h6 part="heading" tabindex="-1">${text}</h6>`;
    default: return html`<h2 part="heading" tabindex="-1">${text}</h2>`;
  }
}
