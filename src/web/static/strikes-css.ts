/**
 * The strike declaration's styles (the days to tick, the counts, the mayor's printable page),
 * served as part of /static/app.css, in the theme of app-css.ts (its custom properties, AA
 * contrast). The 25 % threshold is said in words and bold, never by colour alone.
 */
export const STRIKES_CSS = `
.strike-days { border: 1px solid var(--line); border-radius: 4px; padding: .5rem 1rem; margin: 0 0 1rem; }
.strike-days legend { font-weight: 600; padding: 0 .25rem; }
.strike-days ul { list-style: none; margin: 0; padding: 0; }
.strike-day { padding: .4rem 0; border-bottom: 1px solid var(--soft); }
.strike-day:last-child { border-bottom: 0; }
.strike-day--open label { display: inline; font-weight: 600; margin-left: .35rem; }
.strike-day__date { font-weight: 600; }
.strike-day__state { font-style: italic; }
.strike-day .hint { display: block; color: var(--muted); font-size: .9rem; margin-left: 1.6rem; }
.strike-secrecy { border-left: 4px solid var(--brand); padding: .25rem .75rem; background: var(--soft); }
.strike-participation { border-top: 2px solid var(--line); margin-top: 2rem; padding-top: .5rem; }
.strike-choice { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-end; }
.strike-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.strike-table tfoot th, .strike-table tfoot td { border-top: 2px solid var(--ink); font-weight: 600; }
.strike-threshold { text-transform: uppercase; letter-spacing: .03em; }
.strike-names { margin: 0; padding-left: 1rem; }
.strike-text { white-space: pre-wrap; }
@media print {
  .site-header, .site-footer, .skip-link, .no-print, .banner { display: none !important; }
  main { border: 0; padding: 0; }
  .strike-commune { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
