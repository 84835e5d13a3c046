/**
 * The annuaire's styles (main navigation, search form, result cards, structure pages, quick
 * recipients), served as part of /static/app.css, in the theme of app-css.ts (its custom
 * properties, AA contrast, the same visible focus ring).
 */
export const DIRECTORY_CSS = `
.main-nav { flex-basis: 100%; }
.main-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0; }
.main-nav a { display: inline-block; padding: .3rem .7rem; border-radius: 3px; font-weight: 600; text-decoration: none; }
.main-nav a:hover { background: var(--info-bg); }
.main-nav a[aria-current] { background: var(--brand); color: #fff; }
.annuaire-form { margin: 0 0 1rem; }
.annuaire-filters { margin: 0 0 1rem; }
.annuaire-filters summary { cursor: pointer; color: var(--brand); font-weight: 600; margin-bottom: .5rem; }
.annuaire-choice { border: 0; padding: 0; }
.annuaire-choice__item { display: inline-flex; gap: .35rem; align-items: center; margin-right: 1rem; }
.annuaire-choice__item label { font-weight: 400; display: inline; margin: 0; }
.annuaire-status { font-size: 1.1rem; }
.cards { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: .75rem; }
.card { border: 1px solid var(--line); border-radius: 4px; padding: .75rem 1rem; background: var(--paper); display: flex; flex-direction: column; gap: .4rem; }
.card__title { font-size: 1.05rem; margin: 0; }
.card__facts, .structure-facts { margin: 0; display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .1rem .75rem; font-size: .95rem; }
.card__facts div, .structure-facts div { display: contents; }
.card__facts dt, .structure-facts dt { color: var(--muted); font-weight: 600; }
.card__facts dd, .structure-facts dd { margin: 0; overflow-wrap: anywhere; }
.card__write { align-self: flex-start; margin-top: auto; }
.card__note { margin: auto 0 0; color: #3a3a3a; font-size: 0.9em; }
.structure-write { margin: 1rem 0; }
.card__address { font-family: ui-monospace, monospace; font-size: .9rem; }
.card__facts { grid-template-columns: minmax(0, 7.5rem) minmax(0, 1fr); } /* « Adresse fonctionnelle » wraps rather than squeezing the address */
.structure-facts { margin-bottom: 1rem; }
.breadcrumb { margin: 0 0 .5rem; font-size: .95rem; }
.quick-recipients { border-top: 1px solid var(--line); margin-top: 1rem; }
.quick-recipients__title { font-size: 1.05rem; margin: .75rem 0 .25rem; }
.quick-recipients .hint { color: var(--muted); font-size: .9rem; margin: 0 0 .5rem; }
.quick-recipients ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.quick-recipients a { display: inline-flex; gap: .35rem; padding: .3rem .6rem; border: 1px solid var(--line); border-radius: 3px; text-decoration: none; }
.quick-recipients__label { font-weight: 600; }
.compose .quick-recipients { border-top: 0; margin: -.5rem 0 1rem; }
.compose .quick-recipients__title { font-size: 1rem; margin-top: .5rem; }
`;
