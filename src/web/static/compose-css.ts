/**
 * The compose side's styles, served as part of /static/app.css, in the same neutral theme
 * (colours from app-css.ts's custom properties, AA contrast, visible focus).
 */
export const COMPOSE_CSS = `
.js .no-js { display: none; }
.compose-link { display: block; margin: .25rem .6rem .75rem; text-align: center; justify-content: center; }
.compose .field input[type=text], .compose textarea { width: 100%; max-width: none; }
.compose textarea { font: inherit; padding: .5rem; border: 1px solid var(--muted); border-radius: 3px; background: var(--paper); color: var(--ink); }
.compose .implicit-submit { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.recipient-field { position: relative; }
.suggestions { list-style: none; margin: .1rem 0 0; padding: .25rem 0; position: absolute; z-index: 20; left: 0; right: 0; max-height: 18rem; overflow-y: auto; background: var(--paper); border: 1px solid var(--muted); border-radius: 3px; box-shadow: 0 4px 12px rgba(0, 0, 0, .15); }
.suggestions [role=option] { padding: .4rem .6rem; cursor: pointer; display: flex; flex-wrap: wrap; gap: 0 .5rem; }
.suggestions [role=option][aria-selected=true], .suggestions [role=option]:hover { background: var(--brand); color: #fff; }
.suggestion-name { font-weight: 600; }
.suggestion-details { flex-basis: 100%; font-size: .875rem; }
.suggestions [role=option][aria-selected=true] .suggestion-details, .suggestions [role=option]:hover .suggestion-details { color: #fff; }
.suggestion-details { color: var(--muted); }
.rich-toggle { display: flex; gap: .5rem; align-items: center; margin-bottom: .5rem; }
.rich-toggle[hidden], .rich-toolbar[hidden], .rich-editor[hidden] { display: none; }
.rich-toolbar { margin: .25rem 0; }
.rich-editor { min-height: 16rem; padding: .5rem; border: 1px solid var(--muted); border-radius: 3px; background: var(--paper); overflow-wrap: anywhere; }
.rich-editor:focus { outline: 3px solid var(--ink); outline-offset: 2px; }
.compose-attachments { border: 1px solid var(--line); border-radius: 3px; padding: .5rem 1rem 1rem; margin: 0 0 1rem; }
.compose-attachments legend { font-weight: 600; padding: 0 .25rem; }
.attachment-list { list-style: none; padding: 0; margin: .25rem 0 .5rem; }
.attachment-list li { padding: .3rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.compose-attachments label { display: block; font-weight: 600; margin: .5rem 0 .25rem; }
.upload-progress { margin-top: .5rem; }
.upload-progress[hidden] { display: none; }
.upload-progress progress { width: 100%; max-width: 28rem; height: 1rem; }
.send-later { margin: 0 0 1rem; }
.send-later summary { cursor: pointer; color: var(--brand); font-weight: 600; }
.send-later .field { margin-top: .5rem; }
.compose-actions { border-top: 1px solid var(--line); padding-top: 1rem; }
.draft-status { color: var(--muted); font-size: .9rem; min-height: 1.5em; }
.compose-links { margin: 0 0 1rem; }
.undo-banner form { display: inline; margin: 0; }
.undo-banner .btn--link { font-weight: 700; }
.shortcuts-help { border: 2px solid var(--brand); border-radius: 4px; padding: 1rem 1.5rem; max-width: 30rem; }
.shortcuts-help::backdrop { background: rgba(0, 0, 0, .4); }
.shortcuts-help dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
.shortcuts-help dd { margin: 0; }
kbd { font: .9rem ui-monospace, monospace; border: 1px solid var(--muted); border-bottom-width: 2px; border-radius: 3px; padding: 0 .35rem; background: var(--soft); }
`;
