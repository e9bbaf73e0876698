/**
 * The later steps' look (operator and amount chips, inputs, the review's summary, the receipt, the
 * PIN box, the manage view): a chunk of its own that step-view.ts loads with the later steps'
 * chunks, and the widget adopts next to its first-screen styles (styles.ts) before a later step
 * renders. The first paint carries none of it. Same theming contract as styles.ts.
 */
import { css } from 'lit';

export const laterStepStyles = css`
  [part~='input'] {
    font: inherit; color: inherit; background: var(--recharge-color-background, #ffffff);
    padding: 0.5rem 0.625rem; border: 1px solid var(--_border); border-radius: calc(var(--_radius) / 2);
    min-height: 2.5rem; box-sizing: border-box; width: 100%; min-width: 0;
  }
  [part~='input'][aria-invalid='true'] { border-color: var(--_error); border-width: 2px; }
  /* Amounts: two columns of chips, so that six fit above Continuar on a phone. */
  .chips { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: calc(var(--_gap) / 2); }
  [part~='chip'] { display: grid; gap: 0.25rem; align-content: start; }
  .chip-head { display: flex; gap: 0.5rem; align-items: center; }
  .chip-head .amount { font-weight: 700; font-size: 1.125em; }
  .chip-wide { grid-column: 1 / -1; }
  /* A dealer's chip: its name, and on the right the logo the merchant may set as background-image by part. */
  [part~='dealer'] { display: flex; align-items: center; min-height: 2.75rem; box-sizing: border-box; background-repeat: no-repeat; background-position: right 0.625rem center; background-size: auto 1.5rem; }
  .dealer-name { font-weight: 600; min-width: 0; }
  .check { display: flex; gap: 0.5rem; align-items: center; font-weight: 600; }
  .row { display: grid; grid-template-columns: 1fr 1fr; gap: var(--_gap); }
  [part~='summary'] { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem var(--_gap); margin: 0; padding: var(--_gap); background: var(--_surface); border-radius: calc(var(--_radius) / 2); }
  [part~='summary'] dt { color: var(--_muted); }
  [part~='summary'] dd { margin: 0; font-weight: 600; min-width: 0; overflow-wrap: anywhere; }
  .phone-confirm { font-size: 1.375em; white-space: nowrap; }
  .barcode { font-family: ui-monospace, monospace; font-weight: 400; }
  /* Narrow (a 360 px phone): each term over its value, so "(11) 98765-4321" keeps one line. */
  @container (max-width: 400px) {
    [part~='summary'] { grid-template-columns: minmax(0, 1fr); gap: 0; }
    [part~='summary'] dd + dt { margin-top: calc(var(--_gap) / 2); }
  }
  [part~='receipt'] { white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, monospace; font-size: 0.875em; padding: var(--_gap); background: var(--_surface); border-radius: calc(var(--_radius) / 2); margin: 0; }
  .done { display: flex; gap: 0.75rem; align-items: center; font-weight: 600; }
  .check-mark { display: inline-grid; place-items: center; flex: none; width: 2.5rem; height: 2.5rem; border-radius: 50%; background: #1a7f37; color: #fff; font-size: 1.5em; }
  [part~='pin-box'] { padding: var(--_gap); border: 2px dashed var(--_primary); border-radius: var(--_radius); display: grid; gap: 0.5rem; }
  [part~='pin-box'] p { margin: 0; }
  .warning { font-weight: 600; color: var(--_error); }
  details > summary { list-style: none; display: inline-flex; align-items: center; box-sizing: border-box; }
  details > summary::-webkit-details-marker { display: none; }
  details[open] > summary { margin-bottom: calc(var(--_gap) / 2); }
  [part~='pin'] { font-family: ui-monospace, monospace; font-size: 1.5em; font-weight: 700; letter-spacing: 0.05em; }
  .nowrap { white-space: nowrap; }
`;
