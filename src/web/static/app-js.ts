/**
 * /static/app.js: the little script the pages use besides htmx. Everything it does is an
 * enhancement; every page works without it. Served from our origin (the CSP allows no inline
 * script).
 */
export const APP_JS = `
(function () {
  'use strict';
  // A message's checkbox: by UID in a folder's list, by « uid:folder » in search results.
  var ITEM = 'input[type=checkbox][name=uid], input[type=checkbox][name=message]';
  // « Tout sélectionner » in the message list: hidden without JavaScript, where it could not work.
  function wireSelectAll(root) {
    root.querySelectorAll('[data-select-all]').forEach(function (box) {
      if (box.dataset.wired) return;
      box.dataset.wired = '1';
      box.hidden = false;
      var label = document.querySelector('label[for="' + box.id + '"]');
      if (label) label.hidden = false;
      box.addEventListener('change', function () {
        var form = box.form;
        if (!form) return;
        form.querySelectorAll(ITEM).forEach(function (item) { item.checked = box.checked; });
      });
    });
  }
  // The selection's actions say whether anything is selected (data-selection): on a phone they
  // stay out of the way until something is. Without JavaScript they are always shown.
  function markSelection() {
    document.querySelectorAll('[data-bulk-actions]').forEach(function (bar) {
      var form = bar.closest('form');
      var any = form && Array.prototype.some.call(form.querySelectorAll(ITEM), function (item) { return item.checked; });
      bar.dataset.selection = any ? 'some' : 'none';
    });
  }
  document.addEventListener('change', function (event) {
    if (event.target.matches && event.target.matches(ITEM + ', [data-select-all]')) markSelection();
  });
  document.addEventListener('DOMContentLoaded', function () { wireSelectAll(document); markSelection(); });
  document.addEventListener('htmx:load', function (event) { wireSelectAll(event.target); markSelection(); });
  // After a boosted navigation, put the keyboard and screen reader at the start of the new content.
  document.addEventListener('htmx:afterSettle', function (event) {
    var detail = event.detail || {};
    if (detail.boosted) {
      var main = document.getElementById('contenu');
      if (main) main.focus({ preventScroll: false });
    }
  });
  // A form that removes its own block (« Masquer » on the élections banner, hx-swap="delete")
  // leaves the focus nowhere: put it at the start of the content. The form is out of the page by
  // then, so htmx fires afterRequest again on its nearest ancestor still in it; the form is
  // still requestConfig.elt.
  document.addEventListener('htmx:afterRequest', function (event) {
    var detail = event.detail || {};
    var form = detail.requestConfig && detail.requestConfig.elt;
    if (detail.successful && form && form.hasAttribute && form.hasAttribute('data-focus-content-after') && !document.body.contains(form)) {
      var main = document.getElementById('contenu');
      if (main) main.focus({ preventScroll: true });
    }
  });
  // A failed htmx request (network, 5xx) must not fail silently.
  document.addEventListener('htmx:responseError', function (event) {
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 401) { window.location.href = '/login'; return; }
    var live = document.getElementById('live-status');
    if (live) live.textContent = 'La demande n\\u2019a pas abouti. Rechargez la page ou réessayez.';
  });
  document.addEventListener('htmx:sendError', function () {
    var live = document.getElementById('live-status');
    if (live) live.textContent = 'Le serveur ne répond pas. Vérifiez votre connexion.';
  });
})();
`;
