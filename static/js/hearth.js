/* Hearth: progressive enhancement only. Every page works without this file.
 *  1. data-confirm="question" on a <form> (asked on submit) or on a button
 *     or link (asked on click): a modal dialog, then the action goes on.
 *  2. Live search: a GET form with data-live-search refreshes the element
 *     #results from the same URL as the user types (debounced 200 ms) or
 *     changes a filter; the address bar follows (history.replaceState).
 *  3. "/" focuses the page's search box ([data-search-primary]) or else
 *     the top-bar search ([data-hotkey="/"]).
 *  4. Flash messages ([data-flash]) get a close button.
 *  5. The user menu (<details class="usermenu">) closes on Escape or on a
 *     click elsewhere.
 * Loaded with <script src defer>; no inline script (CSP), no dependencies. */
(() => {
  'use strict';

  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

  /* ---------- 1. confirm dialogs ---------- */

  let dialog = null;

  // Resolves true when the user confirms. Uses <dialog> when available.
  function ask(question, danger, label) {
    if (typeof HTMLDialogElement !== 'function') {
      return Promise.resolve(window.confirm(question));
    }
    if (!dialog) {
      dialog = document.createElement('dialog');
      dialog.className = 'confirm-dialog';
      dialog.setAttribute('aria-labelledby', 'confirm-text');
      const form = document.createElement('form');
      form.method = 'dialog';
      const p = document.createElement('p');
      p.id = 'confirm-text';
      const actions = document.createElement('div');
      actions.className = 'confirm-actions';
      const cancel = document.createElement('button');
      cancel.type = 'submit';
      cancel.value = 'cancel';
      cancel.className = 'btn';
      cancel.textContent = 'Cancel';
      const ok = document.createElement('button');
      ok.type = 'submit';
      ok.value = 'ok';
      ok.className = 'btn btn-primary';
      ok.textContent = 'Confirm';
      actions.append(cancel, ok);
      form.append(p, actions);
      dialog.append(form);
      document.body.append(dialog);
    }
    $('#confirm-text', dialog).textContent = question;
    const ok = $('button[value="ok"]', dialog);
    ok.className = danger ? 'btn btn-primary btn-danger-solid' : 'btn btn-primary';
    ok.textContent = label || 'Confirm';
    dialog.returnValue = 'cancel';
    dialog.showModal();
    $('button[value="cancel"]', dialog).focus();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    });
  }

  const confirmed = new WeakSet();

  document.addEventListener('submit', (ev) => {
    const form = ev.target;
    const btn = ev.submitter;
    const question = (btn && btn.dataset.confirm) || form.dataset.confirm;
    if (!question || confirmed.has(form)) {
      confirmed.delete(form);
      return;
    }
    ev.preventDefault();
    const label = btn ? btn.textContent.trim() : '';
    const danger = (btn && btn.classList.contains('btn-danger')) || /\b(archive|delete|remove)\b/i.test(question);
    ask(question, danger, label).then((yes) => {
      if (!yes) return;
      confirmed.add(form);
      if (typeof form.requestSubmit === 'function') {
        form.requestSubmit(btn || undefined);
      } else {
        form.submit();
      }
    });
  }, true);

  document.addEventListener('click', (ev) => {
    const link = ev.target.closest('a[data-confirm]');
    if (!link || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
    ev.preventDefault();
    ask(link.dataset.confirm, link.classList.contains('btn-danger'), link.textContent.trim()).then((yes) => { if (yes) window.location.assign(link.href); });
  });

  /* ---------- 2. live search ---------- */

  function liveSearch(form) {
    let timer = 0;
    let controller = null;
    const status = $('[data-live-status]');

    function url() {
      const params = new URLSearchParams();
      for (const [k, v] of new FormData(form)) {
        if (typeof v === 'string' && v !== '') params.append(k, v);
      }
      const qs = params.toString();
      return new URL(form.getAttribute('action') || window.location.pathname, window.location.href).pathname + (qs ? '?' + qs : '');
    }

    async function refresh() {
      const target = url();
      const results = document.getElementById('results');
      if (!results) return;
      if (controller) controller.abort();
      controller = new AbortController();
      results.setAttribute('aria-busy', 'true');
      try {
        const res = await fetch(target, {
          headers: { Accept: 'text/html' },
          credentials: 'same-origin',
          signal: controller.signal,
        });
        const landed = new URL(res.url, window.location.href);
        if (!res.ok || landed.pathname !== new URL(target, window.location.href).pathname) {
          window.location.assign(target); // signed out, error page: let the browser show it
          return;
        }
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        const fresh = doc.getElementById('results');
        if (!fresh) { window.location.assign(target); return; }
        results.replaceWith(document.adoptNode(fresh));
        history.replaceState(history.state, '', target);
        if (status) {
          const rows = $$('tbody tr', fresh).length;
          status.textContent = rows ? rows + (rows === 1 ? ' result' : ' results') : 'No results';
        }
      } catch (err) {
        if (err.name !== 'AbortError') results.removeAttribute('aria-busy');
      }
    }

    form.addEventListener('input', (ev) => {
      if (!ev.target.matches('input[type="search"], input[type="text"]')) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, 200);
    });
    form.addEventListener('change', (ev) => {
      if (!ev.target.matches('select, input[type="checkbox"], input[type="radio"]')) return;
      clearTimeout(timer);
      refresh();
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      clearTimeout(timer);
      refresh();
    });
  }

  /* ---------- 3. "/" focuses search ---------- */

  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      const menu = $('details.usermenu[open]');
      if (menu) { menu.open = false; $('summary', menu).focus(); }
      return;
    }
    if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
    const el = ev.target;
    if (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) return;
    const box = $('[data-search-primary]') || $('[data-hotkey="/"]');
    if (!box) return;
    ev.preventDefault();
    box.focus();
    box.select();
  });

  /* ---------- 4. flash messages ---------- */

  function closable(flash) {
    const btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'flash-close';
    btn.setAttribute('aria-label', 'Dismiss message');
    btn.innerHTML = '<svg class="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true"><path d="M18 6 6 18M6 6l12 12"/></svg>';
    btn.addEventListener('click', () => {
      flash.classList.add('is-leaving');
      setTimeout(() => flash.remove(), 160);
      const main = document.getElementById('main');
      if (main) main.focus({ preventScroll: true });
    });
    flash.append(btn);
  }

  /* ---------- 5. user menu ---------- */

  document.addEventListener('click', (ev) => {
    for (const menu of $$('details.usermenu[open]')) {
      if (!menu.contains(ev.target)) menu.open = false;
    }
  });

  /* ---------- start ---------- */

  function start() {
    document.documentElement.classList.add('js');
    $$('form[data-live-search]').forEach(liveSearch);
    $$('[data-flash]').forEach(closable);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
