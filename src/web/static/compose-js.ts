/**
 * The compose side's script, served as part of /static/app.js (same origin, no inline script):
 * keyboard shortcuts on every page, and on the compose page the address combobox, the upload
 * progress bar, the rich-text editor, the draft saved when the page is left, and the undo
 * banner's countdown. All of it is enhancement: every form works without it.
 *
 * Shortcuts (never while typing in a field, never with Ctrl, Alt or Meta): c write, r reply,
 * a reply to all, f forward, / search, j / k next / previous message in a list, ? help.
 */
export const COMPOSE_JS = `
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  function isTyping(el) {
    if (!el || el === document.body) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
  }

  function say(text) {
    var live = document.getElementById('live-status');
    if (live) { live.textContent = ''; window.setTimeout(function () { live.textContent = text; }, 30); }
  }

  // ------------------------------------------------------------ keyboard shortcuts
  var SHORTCUTS = [
    ['c', 'Écrire un message'],
    ['r', 'Répondre (message ouvert)'],
    ['a', 'Répondre à tous (message ouvert)'],
    ['f', 'Transférer (message ouvert)'],
    ['/', 'Rechercher'],
    ['j', 'Message suivant de la liste (message ouvert : plus ancien)'],
    ['k', 'Message précédent de la liste (message ouvert : plus récent)'],
    ['?', 'Afficher ou masquer cette aide']
  ];

  function follow(selector) {
    var link = document.querySelector(selector);
    if (link) { link.click(); return true; }
    return false;
  }

  function moveInList(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll('.messages td.subject a'));
    if (links.length === 0) return false;
    var current = links.indexOf(document.activeElement);
    var next = current === -1 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, current + step));
    links[next].focus();
    var row = links[next].closest('tr');
    if (row && row.scrollIntoView) row.scrollIntoView({ block: 'nearest' });
    return true;
  }

  function helpDialog() {
    var dialog = document.getElementById('shortcuts-help');
    if (dialog) return dialog;
    dialog = document.createElement('dialog');
    dialog.id = 'shortcuts-help';
    dialog.className = 'shortcuts-help';
    dialog.setAttribute('aria-labelledby', 'shortcuts-help-title');
    var title = document.createElement('h2');
    title.id = 'shortcuts-help-title';
    title.textContent = 'Raccourcis clavier';
    dialog.appendChild(title);
    var intro = document.createElement('p');
    intro.textContent = 'Ils ne fonctionnent pas pendant la saisie dans un champ.';
    dialog.appendChild(intro);
    var list = document.createElement('dl');
    SHORTCUTS.forEach(function (item) {
      var dt = document.createElement('dt');
      var kbd = document.createElement('kbd');
      kbd.textContent = item[0];
      dt.appendChild(kbd);
      var dd = document.createElement('dd');
      dd.textContent = item[1];
      list.appendChild(dt);
      list.appendChild(dd);
    });
    dialog.appendChild(list);
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Fermer';
    close.addEventListener('click', function () { dialog.close(); });
    dialog.appendChild(close);
    document.body.appendChild(dialog);
    return dialog;
  }

  document.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target) || isTyping(document.activeElement)) return;
    var open = document.querySelector('dialog[open]');
    if (open && event.key !== '?') return;
    var done = false;
    switch (event.key) {
      case 'c': done = follow('[data-shortcut="compose"]') || (window.location.assign('/compose'), true); break;
      case 'r': done = follow('[data-shortcut="reply"]'); break;
      case 'a': done = follow('[data-shortcut="reply-all"]'); break;
      case 'f': done = follow('[data-shortcut="forward"]'); break;
      case 'j': done = moveInList(1) || follow('[data-shortcut="older-message"]'); break;
      case 'k': done = moveInList(-1) || follow('[data-shortcut="newer-message"]'); break;
      case '/': {
        var search = document.querySelector('input[type="search"]');
        if (search) search.focus(); else window.location.assign('/search');
        done = true;
        break;
      }
      case '?': {
        var dialog = helpDialog();
        if (dialog.open) dialog.close(); else dialog.showModal();
        done = true;
        break;
      }
    }
    if (done) event.preventDefault();
  });

  // ------------------------------------------------------------ address combobox (ARIA 1.2)
  function wireCombobox(input) {
    if (input.dataset.comboboxWired) return;
    input.dataset.comboboxWired = '1';
    var list = document.getElementById(input.id + '-list');
    if (!list) return;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    var active = -1;

    function options() { return list.querySelectorAll('[role="option"]'); }
    function setOpen(open) {
      list.hidden = !open;
      input.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (!open) { active = -1; input.removeAttribute('aria-activedescendant'); }
    }
    function highlight(index) {
      var items = options();
      if (items.length === 0) return;
      active = (index + items.length) % items.length;
      Array.prototype.forEach.call(items, function (item, i) { item.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', items[active].id);
      if (items[active].scrollIntoView) items[active].scrollIntoView({ block: 'nearest' });
    }
    function choose(option) {
      var value = input.value;
      var cut = Math.max(value.lastIndexOf(','), value.lastIndexOf(';'));
      var before = cut >= 0 ? value.slice(0, cut + 1) + ' ' : '';
      input.value = before + option.getAttribute('data-value') + ', ';
      setOpen(false);
      input.focus();
      say('Destinataire ajouté : ' + option.getAttribute('data-value'));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
    input.addEventListener('keydown', function (event) {
      var count = options().length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (count === 0) return;
        event.preventDefault();
        if (list.hidden) setOpen(true);
        highlight(active === -1 ? (event.key === 'ArrowDown' ? 0 : count - 1) : active + (event.key === 'ArrowDown' ? 1 : -1));
      } else if (event.key === 'Enter') {
        // Enter picks a suggestion; it never submits the form from an address field.
        event.preventDefault();
        if (!list.hidden && active >= 0) choose(options()[active]);
      } else if (event.key === 'Escape') {
        if (!list.hidden) { event.preventDefault(); setOpen(false); }
      }
    });
    list.addEventListener('mousedown', function (event) { event.preventDefault(); });
    list.addEventListener('click', function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) choose(option);
    });
    input.addEventListener('blur', function () { window.setTimeout(function () { setOpen(false); }, 150); });
    list.addEventListener('webmel:suggestions', function () {
      var count = options().length;
      active = -1;
      input.removeAttribute('aria-activedescendant');
      setOpen(count > 0 && document.activeElement === input);
      say(count === 0 ? 'Aucune suggestion' : count === 1 ? '1 suggestion, flèche bas pour la choisir' : count + ' suggestions, flèches pour les parcourir');
    });
  }

  document.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.classList && target.classList.contains('suggestions')) {
      target.dispatchEvent(new CustomEvent('webmel:suggestions'));
    }
  });

  // ------------------------------------------------------------ quick recipients (« Mon IEN »…)
  // Without JavaScript each is a submit button the route adds to « À »; here it is added in place.
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-add-recipient]');
    if (!button) return;
    var input = document.getElementById(button.getAttribute('data-add-recipient'));
    if (!input) return;
    event.preventDefault();
    var address = (button.getAttribute('data-address') || '').toLowerCase();
    if (address && input.value.toLowerCase().indexOf(address) !== -1) {
      say('Déjà dans « À » : ' + button.value);
      return;
    }
    var kept = input.value.replace(/[,;]\\s*$/, '').trim();
    input.value = (kept ? kept + ', ' : '') + button.value + ', ';
    input.dispatchEvent(new Event('change', { bubbles: true }));
    say('Destinataire ajouté : ' + button.value);
  }, true);

  // ------------------------------------------------------------ attachments: size check and progress
  function formatSize(bytes) {
    if (bytes < 1024) return bytes + ' o';
    if (bytes < 1048576) return (Math.round(bytes / 102.4) / 10).toString().replace('.', ',') + ' ko';
    return (Math.round(bytes / 104857.6) / 10).toString().replace('.', ',') + ' Mo';
  }

  function attachmentError(text) {
    var box = document.getElementById('compose-attachments');
    if (!box) return;
    var error = document.getElementById('attachments-error');
    if (!error) {
      error = document.createElement('p');
      error.id = 'attachments-error';
      error.className = 'error-text';
      error.setAttribute('role', 'alert');
      box.insertBefore(error, box.querySelector('legend').nextSibling);
    }
    error.textContent = text;
  }

  document.addEventListener('htmx:confirm', function (event) {
    var input = event.target;
    if (!input.matches || !input.matches('[data-upload]') || !input.files) return;
    var box = document.getElementById('compose-attachments');
    var room = box ? Number(box.getAttribute('data-room')) : Infinity;
    var total = 0;
    for (var i = 0; i < input.files.length; i++) total += input.files[i].size;
    if (input.files.length === 0) { event.preventDefault(); return; }
    if (total > room) {
      // Refused before a byte leaves the browser; the server checks again anyway.
      event.preventDefault();
      var name = input.files.length === 1 ? '« ' + input.files[0].name + ' » (' + formatSize(total) + ')' : input.files.length + ' fichiers (' + formatSize(total) + ')';
      attachmentError('Trop volumineux : ' + name + '. Place restante pour les pièces jointes : ' + formatSize(room) +
        ' (un message est limité en taille et l’envoi grossit les fichiers d’environ un tiers).');
      input.value = '';
    }
  });

  var lastSpoken = -1;
  function progress(event, phase) {
    var input = event.target;
    if (!input.matches || !input.matches('[data-upload]')) return;
    var box = document.getElementById('upload-progress');
    var bar = document.getElementById('upload-progress-bar');
    var text = document.getElementById('upload-progress-text');
    if (!box || !bar || !text) return;
    var detail = event.detail || {};
    if (phase === 'start') { box.hidden = false; bar.value = 0; text.textContent = 'Envoi en cours…'; lastSpoken = -1; return; }
    if (!detail.lengthComputable || !detail.total) return;
    var percent = Math.min(100, Math.round((detail.loaded / detail.total) * 100));
    bar.value = percent;
    bar.setAttribute('aria-valuetext', percent + ' %');
    // Spoken every 25 %: a screen reader need not hear every step.
    var step = Math.floor(percent / 25);
    if (step !== lastSpoken) { lastSpoken = step; text.textContent = percent + ' % (' + formatSize(detail.loaded) + ' sur ' + formatSize(detail.total) + ')'; }
  }
  document.addEventListener('htmx:xhr:loadstart', function (event) { progress(event, 'start'); });
  document.addEventListener('htmx:xhr:progress', function (event) { progress(event, 'progress'); });

  // ------------------------------------------------------------ rich text
  function safeLink(url) {
    return /^(https?:\\/\\/|mailto:)/i.test(url) ? url : null;
  }

  function wireRichText(form) {
    var toggleBox = form.querySelector('.rich-toggle');
    var toggle = document.getElementById('compose-rich');
    var textarea = document.getElementById('compose-text');
    var htmlField = document.getElementById('compose-html');
    if (!toggleBox || !toggle || !textarea || !htmlField || form.dataset.richWired) return;
    form.dataset.richWired = '1';
    toggleBox.hidden = false;
    var toolbar = document.createElement('div');
    toolbar.className = 'toolbar rich-toolbar';
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', 'Mise en forme');
    toolbar.setAttribute('aria-controls', 'compose-editor');
    var editor = document.createElement('div');
    editor.id = 'compose-editor';
    editor.className = 'rich-editor';
    editor.contentEditable = 'true';
    editor.setAttribute('role', 'textbox');
    editor.setAttribute('aria-multiline', 'true');
    editor.setAttribute('aria-labelledby', 'compose-text-label');
    [['bold', 'Gras'], ['italic', 'Italique'], ['underline', 'Souligné'], ['insertUnorderedList', 'Liste à puces'], ['insertOrderedList', 'Liste numérotée'], ['createLink', 'Lien']].forEach(function (item) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = item[1];
      button.addEventListener('click', function () {
        editor.focus();
        if (item[0] === 'createLink') {
          var url = safeLink((window.prompt('Adresse du lien (https://…)') || '').trim());
          if (url) document.execCommand('createLink', false, url);
        } else {
          document.execCommand(item[0], false);
        }
        sync();
      });
      toolbar.appendChild(button);
    });
    // Hidden until rich text is on: the textarea keeps what the server put in it.
    toolbar.hidden = true;
    editor.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(editor, textarea);

    function sync() {
      if (!toggle.checked) return;
      htmlField.value = editor.innerHTML;
      textarea.value = editor.innerText;
    }
    function textToHtml(text) {
      var div = document.createElement('div');
      div.textContent = text;
      return div.innerHTML.replace(/\\n/g, '<br>');
    }
    function apply() {
      if (toggle.checked) {
        // The HTML field holds what the server sanitised (the draft) or what this editor wrote.
        editor.innerHTML = htmlField.value || textToHtml(textarea.value);
        toolbar.hidden = false; editor.hidden = false; textarea.hidden = true;
        sync();
      } else {
        if (!editor.hidden) textarea.value = editor.innerText;
        htmlField.value = '';
        toolbar.hidden = true; editor.hidden = true; textarea.hidden = false;
      }
    }
    editor.addEventListener('input', sync);
    toggle.addEventListener('change', apply);
    apply();
    form.addEventListener('submit', sync);
    form.addEventListener('htmx:configRequest', sync);
  }

  // ------------------------------------------------------------ draft saved when the page is left
  function saveOnLeave(form) {
    if (!form || !document.body.contains(form) || !navigator.sendBeacon) return;
    var url = form.getAttribute('data-draft-url');
    if (!url) return;
    var data = new FormData(form);
    data.delete('files');
    data.delete('action');
    navigator.sendBeacon(url, data);
  }

  function wireCompose(root) {
    var form = root.querySelector ? root.querySelector('#compose-form') : null;
    if (!form && root.id === 'compose-form') form = root;
    root.querySelectorAll && root.querySelectorAll('[data-combobox]').forEach(wireCombobox);
    if (!form || form.dataset.composeWired) return;
    form.dataset.composeWired = '1';
    wireRichText(form);
    // Enter in a one-line field must not send a half-written message.
    form.addEventListener('keydown', function (event) {
      var t = event.target;
      if (event.key === 'Enter' && t.tagName === 'INPUT' && t.type !== 'submit' && t.type !== 'button' && t.type !== 'file') event.preventDefault();
    });
  }

  window.addEventListener('pagehide', function () { saveOnLeave(document.getElementById('compose-form')); });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') saveOnLeave(document.getElementById('compose-form'));
  });
  document.addEventListener('htmx:beforeRequest', function (event) {
    var form = document.getElementById('compose-form');
    var elt = event.detail && event.detail.elt;
    // A boosted link or form elsewhere replaces the page: save first.
    if (form && elt && !form.contains(elt) && event.detail.boosted) saveOnLeave(form);
  });

  // ------------------------------------------------------------ undo banner
  function wireUndo(root) {
    var banners = root.querySelectorAll ? root.querySelectorAll('[data-undo-until]') : [];
    Array.prototype.forEach.call(banners, function (banner) {
      if (banner.dataset.undoWired) return;
      banner.dataset.undoWired = '1';
      var until = Number(banner.getAttribute('data-undo-until'));
      var countdown = banner.querySelector('[data-undo-countdown]');
      if (countdown) countdown.setAttribute('aria-hidden', 'true');
      var timer = window.setInterval(tick, 1000);
      function tick() {
        var left = Math.ceil((until - Date.now()) / 1000);
        if (left <= 0) {
          window.clearInterval(timer);
          var form = banner.querySelector('.undo-form');
          if (form) form.remove();
          if (countdown) countdown.textContent = '';
          var strong = banner.querySelector('strong');
          if (strong) strong.textContent = strong.textContent + ' (parti)';
        } else if (countdown && left <= 60) {
          countdown.textContent = '(' + left + ' s)';
        }
      }
      tick();
    });
  }

  function wireAll(root) { wireCompose(root); wireUndo(root); }
  document.addEventListener('DOMContentLoaded', function () { wireAll(document); });
  document.addEventListener('htmx:load', function (event) { wireAll(event.target); });
})();
`;
