/**
 * The élections banner's styles (src/web/election/election-banner.ts), served as part of
 * /static/app.css, in the theme of app-css.ts: ink #1b1f24 on #e8f0fb (14:1), links #0b4fa8 on
 * it (7:1), a 6 px brand border like the other banners, and the focus ring of every control.
 * The quota line is said in bold words, never by colour alone.
 */
export const ELECTION_CSS = `
.election-banner { display: flex; flex-wrap: wrap; align-items: flex-start; gap: .5rem 1rem; padding: .75rem 1rem; background: var(--info-bg); border-left: 6px solid var(--brand); color: var(--ink); }
.election-banner__text { flex: 1 1 20rem; }
.election-banner p { margin: .25rem 0; }
.election-banner__quota { border-top: 1px solid var(--line); padding-top: .4rem; }
.election-banner form { margin: 0; }
@media print { .election-banner { display: none; } }
`;
