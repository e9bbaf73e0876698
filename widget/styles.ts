/**
 * The widget's look. The theming contract merchants rely on (renaming breaks their pages), the
 * parts and the `--recharge-*` custom properties with their defaults, is documented on the class
 * (recharge-widget.ts, `@csspart` and `@cssproperty`); keep the two in step.
 *
 * Here: what the first screen needs (the frame, the type step, the skeleton, buttons, options). The
 * later steps' look is a chunk of its own (steps/step-styles.ts), adopted when their chunk comes.
 */
import { css } from 'lit';

export const widgetStyles = css`
  :host {
    display: block;
    /*
     * Steps lay out by the widget's own width, not the viewport's (a sidebar is narrow on a wide
     * screen). A size container has no width of its own content: in a shrink-to-fit box (a flex
     * row) the min-inline-size keeps it from collapsing.
     */
    container-type: inline-size;
    min-inline-size: min(100%, 20rem);
    font-family: var(--recharge-font-family, inherit);
    font-size: var(--recharge-font-size, 1rem);
    color: var(--recharge-color-text, #1f2328);
    --_gap: var(--recharge-spacing, 1rem);
    --_radius: var(--recharge-radius, 0.5rem);
    --_border: var(--recharge-color-border, #8c959f);
    --_primary: var(--recharge-color-primary, #0a58ca);
    --_error: var(--recharge-color-error, #b3261e);
    --_muted: var(--recharge-color-muted, #57606a);
    --_surface: var(--recharge-color-surface, #f6f8fa);
  }
  /*
   * A stable minimum height, from the first paint through every step, so that the page below does
   * not jump; the host page reserves the same before the script loads (README: :not(:defined)).
   */
  :host { min-height: var(--recharge-min-height, 20rem); }
  [part~='base'] { min-height: max(var(--recharge-min-height, 20rem), var(--_held-height, 0px)); }
  :host([hidden]) { display: none; }
  .skeleton { display: grid; gap: var(--_gap); }
  .skeleton > [aria-hidden] { display: block; height: 1.25rem; width: 40%; border-radius: calc(var(--_radius) / 2); background: var(--_surface); }
  .skeleton > .tall { height: 2.5rem; width: 100%; }
  .skeleton > .button { height: 2.75rem; width: 8rem; }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton > [aria-hidden] { animation: recharge-pulse 1.2s ease-in-out infinite alternate; }
    @keyframes recharge-pulse { to { opacity: 0.5; } }
  }
  [part~='base'] {
    box-sizing: border-box;
    min-width: 0;
    overflow-wrap: break-word;
    max-width: var(--recharge-max-width, 32rem);
    padding: var(--_gap);
    background: var(--recharge-color-background, #ffffff);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part~='heading'] { margin: 0 0 var(--_gap); font-size: 1.25em; line-height: 1.3; }
  [part~='heading']:focus { outline: none; }
  [part~='heading']:focus-visible { outline: 2px solid var(--recharge-color-focus, #0a58ca); outline-offset: 2px; }
  form, .stack { display: grid; gap: var(--_gap); }
  form p, .stack p { margin: 0; }
  fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: calc(var(--_gap) / 2); min-width: 0; }
  legend { font-weight: 600; padding: 0; margin-bottom: calc(var(--_gap) / 2); }
  [part~='field'] { display: grid; gap: 0.25rem; }
  [part~='label'] { font-weight: 600; }
  [part~='hint'], [part~='bonus'] { color: var(--_muted); font-size: 0.875em; }
  [part~='field-error'] { color: var(--_error); font-size: 0.875em; font-weight: 600; }
  [part~='field-error']:empty { display: none; }
  [part~='option'] {
    display: flex; gap: 0.5rem; align-items: baseline; flex-wrap: wrap; padding: 0.625rem;
    background: var(--_surface); border: 1px solid var(--_border); border-radius: calc(var(--_radius) / 2); cursor: pointer;
  }
  [part~='option']:has(input:checked) { border-color: var(--_primary); box-shadow: inset 0 0 0 1px var(--_primary); }
  .actions { display: flex; flex-wrap: wrap; gap: calc(var(--_gap) / 2); }
  [part~='button'] {
    font: inherit; font-weight: 600; cursor: pointer; min-height: 2.75rem; padding: 0.5rem 1.25rem;
    border-radius: calc(var(--_radius) / 2); border: 2px solid var(--_primary);
    background: var(--recharge-color-background, #ffffff); color: var(--_primary);
  }
  [part~='button-primary'] { background: var(--_primary); color: var(--recharge-color-on-primary, #ffffff); }
  [part~='button']:disabled, [part~='button'][aria-disabled='true'] { cursor: progress; opacity: 0.7; }
  :focus-visible { outline: 2px solid var(--recharge-color-focus, #0a58ca); outline-offset: 2px; }
  [part~='status'] { color: var(--_muted); margin: var(--_gap) 0 0; }
  [part~='status']:empty { margin: 0; }
  .visually-hidden {
    position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  [part~='base'] { position: relative; }
  @media print {
    [part~='button'], [part~='status'], .actions { display: none; }
    [part~='base'] { border: 0; }
  }
`;
