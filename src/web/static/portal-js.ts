/**
 * Part of /static/app.js: I-Prof's courrier form checks its attachments' total against the
 * limit as soon as files are chosen (`data-max-total-bytes`, the message in `data-too-big`), so
 * that a file too large is refused before its upload and the typed text stays in the form.
 * Without JavaScript the server refuses it (413) as well.
 */
export const PORTAL_JS = `
(function () {
  'use strict';
  function check(input) {
    var max = Number(input.dataset.maxTotalBytes);
    var total = 0;
    Array.prototype.forEach.call(input.files || [], function (file) { total += file.size; });
    input.setCustomValidity(total > max ? input.dataset.tooBig : '');
    input.setAttribute('aria-invalid', total > max ? 'true' : 'false');
    if (total > max) input.reportValidity();
  }
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (input.matches && input.matches('input[type=file][data-max-total-bytes]')) check(input);
  });
})();
`;
