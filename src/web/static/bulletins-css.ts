/**
 * Institutional mail's styles (src/web/bulletins, src/web/admin/bulletins-admin-page.ts), served
 * as part of /static/app.css, in the theme of app-css.ts (its custom properties, AA contrast:
 * ink on #e8f0fb 14:1, #7a4f00 on #fff4d6 7:1). A badge says its meaning in words, never by its
 * colour alone.
 */
export const BULLETINS_CSS = `
.badge { display: inline-block; padding: .05rem .45rem; border: 1px solid var(--brand); border-radius: 3px; font-size: .85rem; font-weight: 600; background: var(--info-bg); color: var(--ink); white-space: nowrap; }
.badge--institutional { border-color: var(--brand-dark); }
.badge--warn { border-color: #c98a00; background: var(--warn-bg); color: var(--warn); white-space: normal; }
.bulletin-note, .union-rules p { border-left: 4px solid var(--brand); padding: .25rem .75rem; background: var(--soft); }
.bulletin-source { display: block; width: 100%; font: inherit; padding: .5rem; border: 1px solid var(--muted); border-radius: 3px; background: var(--paper); color: var(--ink); resize: vertical; }
fieldset.field { border: 1px solid var(--line); border-radius: 4px; padding: .5rem 1rem; }
fieldset.field legend { padding: 0 .25rem; }
fieldset.field .checkbox label { display: inline; margin: 0; }
fieldset.field .hint { margin-left: 1.6rem; }
.publications td, .publications th { font-size: .95rem; }
.publications .hint, .bulletins .hint { color: var(--muted); font-size: .85rem; }
.publications-legend { color: var(--muted); font-size: .9rem; }
.union-refusals { padding-left: 1.2rem; }
.union-refusals li { margin: 0 0 .5rem; }
.union-refusals form { display: inline; margin-left: .5rem; }
`;
