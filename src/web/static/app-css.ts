/**
 * The webmail's one stylesheet, served from /static with a content hash in its URL. A neutral
 * theme of our own (not the State's brand): system fonts, a sober blue, AA contrast everywhere
 * (text #1b1f24 on white 16:1, links #0b4fa8 on white 8:1, white on #0b4fa8 8:1), a visible focus
 * ring, and a layout that folds into one column on a phone.
 */
export const APP_CSS = `
:root {
  --ink: #1b1f24; --muted: #4d5560; --line: #c9ced6; --soft: #f3f5f8; --paper: #fff;
  --brand: #0b4fa8; --brand-dark: #083a7c; --focus: #ffbf47;
  --ok: #146c2e; --warn-bg: #fff4d6; --warn: #7a4f00; --danger-bg: #fde8e8; --danger: #a4161a;
  --info-bg: #e8f0fb;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--soft); }
a { color: var(--brand); }
a:hover { color: var(--brand-dark); }
:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; box-shadow: 0 0 0 6px var(--focus); }
h1 { font-size: 1.5rem; margin: 0 0 1rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .75rem; }
.sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip-link { position: absolute; left: .5rem; top: -3rem; background: var(--paper); color: var(--brand); padding: .5rem 1rem; z-index: 10; border: 2px solid var(--brand); }
.skip-link:focus { top: .5rem; }

.site-header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .6rem 1rem; background: var(--paper); border-bottom: 3px solid var(--brand); }
.brand { display: flex; flex-direction: column; line-height: 1.2; margin-right: auto; }
.brand a { font-weight: 700; font-size: 1.25rem; text-decoration: none; color: var(--ink); }
.brand span { color: var(--muted); font-size: .875rem; }
.user-menu { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; }
.user-menu form { margin: 0; }

.quota { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .6rem; font-size: .9rem; }
.quota meter { width: 8rem; height: 1rem; }
.quota--warn .quota__label { color: var(--warn); font-weight: 600; }
.quota--danger .quota__label, .quota--full .quota__label { color: var(--danger); font-weight: 700; }
meter::-webkit-meter-bar { background: #e4e7ec; border: 1px solid var(--muted); border-radius: 3px; }
meter::-webkit-meter-optimum-value { background: var(--brand); }
meter::-webkit-meter-suboptimum-value { background: #c98a00; }
meter::-webkit-meter-even-less-good-value { background: var(--danger); }

.banner { padding: .75rem 1rem; border-left: 6px solid; margin: 0; }
main .banner { margin: 0 0 1rem; }
.banner p { margin: .25rem 0; }
.banner--danger { background: var(--danger-bg); border-color: var(--danger); }
.banner--warn { background: var(--warn-bg); border-color: #c98a00; }
.banner--info { background: var(--info-bg); border-color: var(--brand); }
.banner--ok { background: #e6f4ea; border-color: var(--ok); }

.layout { display: grid; grid-template-columns: 15rem minmax(0, 1fr); gap: 1rem; padding: 1rem; max-width: 90rem; margin: 0 auto; }
.layout--single { grid-template-columns: minmax(0, 1fr); max-width: 48rem; }
main { background: var(--paper); border: 1px solid var(--line); border-radius: 4px; padding: 1rem 1.25rem; min-width: 0; }
main:focus { outline: none; }
.folders { background: var(--paper); border: 1px solid var(--line); border-radius: 4px; padding: .5rem; align-self: start; }
.folders ul { list-style: none; margin: 0; padding: 0; }
.folders li a { display: flex; justify-content: space-between; gap: .5rem; padding: .4rem .6rem; border-radius: 3px; text-decoration: none; color: var(--ink); }
.folders li a:hover { background: var(--soft); }
.folders li a[aria-current="page"] { background: var(--brand); color: #fff; }
.folders .depth-1 a { padding-left: 1.4rem; } .folders .depth-2 a { padding-left: 2.2rem; } .folders .depth-3 a { padding-left: 3rem; }
.folders .unread { font-weight: 700; }
.folders .count { font-variant-numeric: tabular-nums; }
.folders .manage { display: block; margin: .5rem .6rem .25rem; font-size: .9rem; }
.folders summary { display: none; }

.toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0 1rem; }
.toolbar form { margin: 0; display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
/* A label, its list and its button wrap as one: « Déplacer vers » never ends a line alone.
   Narrower than the screen's width, the button goes under the list. */
.toolbar__group { display: inline-flex; flex-wrap: wrap; gap: .5rem; align-items: center; max-width: 100%; }
.toolbar__group label { white-space: nowrap; }
.toolbar__group select { max-width: 100%; }
.toolbar__line { flex-basis: 100%; }
.toolbar .hint { color: var(--muted); font-size: .9rem; }
/* Wide enough for its placeholder, « Rechercher dans ce dossier ». */
.toolbar input[type="search"] { width: 17rem; }
.btn, button { font: inherit; display: inline-flex; align-items: center; gap: .3rem; padding: .4rem .8rem; border: 1px solid var(--brand); border-radius: 3px; background: var(--paper); color: var(--brand); cursor: pointer; text-decoration: none; line-height: 1.3; }
.btn:hover, button:hover { background: var(--info-bg); }
.btn--primary, button.btn--primary { background: var(--brand); color: #fff; }
/* The colour is repeated on hover: a link's own a:hover colour would otherwise win over .btn's. */
.btn--primary:hover, button.btn--primary:hover { background: var(--brand-dark); color: #fff; }
.btn--danger, button.btn--danger { border-color: var(--danger); color: var(--danger); }
.btn--link, button.btn--link { border: 0; background: none; padding: 0; color: var(--brand); text-decoration: underline; }
select, input[type=text], input[type=search], input[type=password], input[type=date], input[type=email] { font: inherit; padding: .4rem .5rem; border: 1px solid var(--muted); border-radius: 3px; background: var(--paper); color: var(--ink); max-width: 100%; }

.field { margin: 0 0 1rem; }
.field label, .field legend { display: block; font-weight: 600; margin-bottom: .25rem; }
.field .hint { display: block; color: var(--muted); font-size: .9rem; margin-bottom: .25rem; font-weight: 400; }
.field input[type=text], .field input[type=password], .field input[type=date], .field input[type=search] { width: 100%; max-width: 28rem; }
.field--error input { border: 2px solid var(--danger); }
.error-text { color: var(--danger); font-weight: 600; }
.form-card { max-width: 32rem; }
.checkbox { display: flex; gap: .5rem; align-items: flex-start; }

table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .9rem; color: var(--muted); font-weight: 600; }
th a { color: inherit; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.messages tr.unread td { font-weight: 700; }
.messages td.subject a { color: var(--ink); text-decoration: none; }
.messages td.subject a:hover, .messages td.subject a:focus { text-decoration: underline; }
.messages .flag-toggle { border: 0; background: none; padding: 0 .2rem; color: var(--muted); font-size: 1.1rem; }
.messages .flag-toggle[aria-pressed="true"] { color: #b35900; }
.messages .icons { white-space: nowrap; color: var(--muted); }
.messages .icons svg { vertical-align: -3px; }
.table-scroll { overflow-x: auto; position: relative; } /* keeps .sr-only text (absolute) inside the scrolled box */
.messages .more td { text-align: center; border-bottom: 0; }
.empty { color: var(--muted); padding: 1rem 0; }
.pager { display: flex; gap: 1rem; align-items: center; justify-content: space-between; margin-top: .75rem; flex-wrap: wrap; }

.message-headers { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
.message-headers dt { color: var(--muted); font-weight: 600; }
.message-headers dd { margin: 0; overflow-wrap: anywhere; }
.plain-text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: inherit; margin: 0; }
.plain-text blockquote { margin: .25rem 0 .25rem .3rem; padding-left: .8rem; border-left: 3px solid var(--line); color: var(--muted); }
/* « Retour » on the left, the neighbouring messages on the right; one under the other if need be. */
.message-nav { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .5rem 1.5rem; margin: 0 0 1rem; }
.message-nav nav { display: flex; gap: 1.5rem; }
.mail-frame { width: 100%; height: 70vh; min-height: 20rem; border: 1px solid var(--line); border-radius: 3px; resize: vertical; background: #fff; }
.attachments ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-start; }
.attachments li { border: 1px solid var(--line); border-radius: 3px; padding: .5rem .75rem; max-width: 100%; }
.attachments img { display: block; max-width: 14rem; max-height: 10rem; margin-top: .4rem; }

.site-footer { max-width: 90rem; margin: 0 auto; padding: 1rem; font-size: .9rem; color: var(--muted); }
.site-footer a { color: var(--muted); }

@media (max-width: 48rem) {
  .layout { grid-template-columns: minmax(0, 1fr); padding: .5rem; }
  /* On a phone the message list comes first; the folders follow (« Aller aux dossiers » reaches them). */
  .layout > main { order: 1; }
  .layout > .folders { order: 2; }
  main { padding: .75rem; }
  th, td { padding: .4rem .25rem; }
  /* Each message on two lines, as phone mail apps show them: sender and date, then the whole
     subject, wrapped between words (a column a few letters wide would cut them anywhere). */
  .messages thead tr { display: flex; flex-wrap: wrap; gap: 0 1rem; }
  .messages thead th { border: 0; padding: .25rem 0; }
  .messages tbody tr:not(.more) {
    display: grid; grid-template-columns: auto auto minmax(0, 1fr) auto auto;
    grid-template-areas: "select flag from icons date" "select flag subject subject subject";
    border-bottom: 1px solid var(--line);
  }
  .messages tbody tr:not(.more) > td { border-bottom: 0; }
  .messages tbody td:nth-child(1) { grid-area: select; }
  .messages tbody td:nth-child(2) { grid-area: flag; }
  .messages tbody td.from { grid-area: from; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding-bottom: 0; }
  .messages tbody td.icons { grid-area: icons; padding-bottom: 0; }
  .messages tbody td:nth-child(6) { grid-area: date; padding-bottom: 0; }
  .messages tbody td.subject { grid-area: subject; overflow-wrap: break-word; padding-top: .1rem; }
  .folders summary { display: list-item; cursor: pointer; padding: .4rem .6rem; font-weight: 600; }
  .messages th.col-size, .messages td.col-size { display: none; }
  /* Until a message is selected, only « Tout sélectionner » (app.js sets data-selection). */
  .bulk-actions[data-selection="none"] > :not(#select-all, label[for="select-all"]) { display: none; }
  .toolbar form[role="search"] { flex: 1 1 100%; flex-wrap: nowrap; min-width: 0; }
  .toolbar form[role="search"] input[type="search"] { flex: 1; width: 0; }
  .quota meter { width: 5rem; }
  .message-headers { grid-template-columns: 1fr; }
}
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;
