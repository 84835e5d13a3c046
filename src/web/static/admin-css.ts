/**
 * The admin console's styles (src/web/admin, issue 21), served as part of /static/app.css, in the
 * theme of app-css.ts. The histogram's bars differ by pattern of colour and by their label, and
 * the same numbers are in the table beside it: colour alone never carries the meaning.
 */
export const ADMIN_CSS = `
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .5rem 1rem; margin: 0 0 1rem; }
.figure { border: 1px solid var(--line); border-radius: 4px; padding: .5rem .75rem; background: var(--soft); }
.figure dt { font-size: .9rem; color: var(--muted); }
.figure dd { margin: 0; font-size: 1.2rem; font-weight: 600; }
.histogram-pair { display: grid; grid-template-columns: minmax(0, 2fr) minmax(12rem, 1fr); gap: 1rem; align-items: start; }
@media (max-width: 48rem) { .histogram-pair { grid-template-columns: 1fr; } }
.histogram .bar { fill: var(--brand); }
.histogram .bar--high { fill: var(--warn); }
.histogram .bar--full { fill: var(--danger); }
.histogram .axis, .histogram .value { font-size: 12px; fill: var(--ink); }
.histogram .axis-line { stroke: var(--muted); }
.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0 1rem; }
.filters .toolbar { grid-column: 1 / -1; }
.accounts .tag { font-size: .8rem; border: 1px solid var(--danger); color: var(--danger); border-radius: 3px; padding: 0 .3rem; }
.pager p { display: flex; gap: 1rem; align-items: center; }
/* « Réglages d’I-Prof »: each item and its buttons on one line; a guide's Markdown gets the width it needs. */
.iprof-settings-list li { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; margin-bottom: .5rem; }
.iprof-settings-list .toolbar, .iprof-services .toolbar { margin: 0; }
.iprof-services .url { overflow-wrap: anywhere; }
.guide-markdown { width: 100%; font-family: ui-monospace, monospace; padding: .5rem; }
`;
