/**
 * I-Prof's styles (issue 22) and the header's application switch, served as part of
 * /static/app.css in the theme of app-css.ts (its custom properties, AA contrast). The current
 * application and section are said by aria-current and shown by weight and a bar, not by
 * colour alone.
 */
export const PORTAL_CSS = `
.identity { display: inline-flex; flex-direction: column; line-height: 1.2; }
.identity__name { font-weight: 600; }
.identity__fonction { color: var(--muted); font-size: .875rem; }
.app-switch ul { display: flex; gap: .25rem; list-style: none; margin: 0; padding: 0; }
.app-switch a { display: inline-block; padding: .3rem .7rem; border: 1px solid var(--line); border-radius: 4px; text-decoration: none; }
.app-switch a[aria-current] { background: var(--brand); border-color: var(--brand); color: #fff; font-weight: 700; }
.iprof-sections ul { list-style: none; margin: 0; padding: 0; border: 1px solid var(--line); border-radius: 4px; background: var(--paper); }
.iprof-sections li + li { border-top: 1px solid var(--line); }
.iprof-sections a { display: block; padding: .6rem .8rem; text-decoration: none; font-weight: 600; }
.iprof-sections a::after { content: " ➤"; }
.iprof-sections a[aria-current] { border-left: 6px solid var(--brand); background: var(--info-bg); padding-left: .5rem; }
.iprof-home-sections { list-style: none; padding: 0; }
.iprof-home-sections li { padding: .5rem 0; border-bottom: 1px solid var(--soft); }
.iprof-home-sections a { font-weight: 700; }
.iprof-academie { font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.iprof-personal { border: 1px solid var(--line); border-radius: 4px; padding: .5rem 1rem 1rem; margin: 1.5rem 0; background: var(--soft); }
.iprof-notice { border-left: 4px solid var(--brand); padding: .25rem .75rem; }
.iprof-courrier-nav { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; margin: .5rem 0 1rem; }
.iprof-courrier-nav a[aria-current]:not(.btn) { font-weight: 700; text-decoration-thickness: 3px; }
.iprof-archives-icon { display: inline-flex; align-items: center; padding: .2rem .35rem; border: 1px solid var(--line); border-radius: 4px; }
.iprof-archives-icon[aria-current] { border-color: var(--brand); background: var(--info-bg); }
.iprof-courriers { width: 100%; border-collapse: collapse; }
.iprof-courriers th, .iprof-courriers td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.iprof-courriers tr.unread td { font-weight: 700; }
.iprof-courrier { border: 1px solid var(--line); border-radius: 4px; padding: .5rem 1rem; margin: 1rem 0; background: var(--paper); }
.iprof-courrier header h2 { font-size: 1.05rem; margin: .25rem 0; }
.iprof-courrier header p { color: var(--muted); margin: 0 0 .5rem; }
.iprof-courrier-form textarea, .iprof-cv-form textarea { width: 100%; max-width: 48rem; }
.iprof-courrier-form + form { margin-top: 1rem; }
.iprof-recipient { border-left: 4px solid var(--brand); padding: .25rem .75rem; }
.iprof-queue-filter { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; }
.iprof-facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
.iprof-facts dt { font-weight: 600; }
.iprof-facts dd { margin: 0; }
.iprof-dossier-form fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 0 0 1rem; padding: .5rem 1rem; }
.iprof-dossier-form fieldset.field--error { border-color: var(--danger); }
.iprof-row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
.iprof-row legend { font-weight: 600; }
.iprof-version { font-weight: 600; }
.iprof-conflict { border-left: 4px solid var(--brand); padding-left: .75rem; margin: 1.5rem 0; }
.iprof-next-echelon { font-size: 1.125rem; }
.iprof-campaigns li { padding: .25rem 0; }
.iprof-campaigns span { display: block; color: var(--muted); }
`;
