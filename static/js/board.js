/* The pipeline board (sales/deals_board.cs), progressive: drag a card to
 * another column, or focus it and press Left/Right, and it is PATCHed to
 * that stage with the version the page read; the board is then read again
 * (totals and cards as the server has them). A refusal (409 someone else
 * changed it, 422 a lost stage with no reason) puts the card back and
 * says why. Keyboard moves are announced in the board's aria-live region.
 * Without this file each card's stage form does the same (and it stays).
 * Loaded with <script src defer> by the board only; no inline script. */
(() => {
  'use strict';

  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  function say(text) {
    let box = document.querySelector('[data-board-message]');
    if (!box) {
      box = document.createElement('div');
      box.className = 'notice notice-error';
      box.setAttribute('role', 'alert');
      box.setAttribute('data-board-message', '');
      document.querySelector('[data-board]').before(box);
    }
    box.textContent = text;
  }

  async function reload() {
    const res = await fetch(location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
    if (!res.ok) return;
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const fresh = doc.querySelector('[data-board]');
    if (fresh) {
      document.querySelector('[data-board]').replaceWith(fresh);
      wire(fresh);
    }
  }

  /* Says text to screen readers (the polite live region above the board). */
  function announce(text) {
    const live = document.querySelector('[data-board-live]');
    if (!live) return;
    live.textContent = '';
    setTimeout(() => { live.textContent = text; }, 50);   /* a change, even for the same words */
  }

  /* PATCHes card to stage; true when saved (the board is read again),
   * false when refused (the card is back before next in home, the
   * message shown and returned in why[0]). */
  async function move(card, stage, home, next, why = []) {
    let res, body = null;
    try {
      res = await fetch(`/deals/${card.dataset.deal}`, {
        method: 'PATCH', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf() },
        body: JSON.stringify({ version: Number(card.dataset.version), stage }),
      });
      body = await res.json().catch(() => null);
    } catch {
      res = { ok: false, status: 0 };
    }
    if (res.ok) {
      const old = document.querySelector('[data-board-message]');
      if (old) old.remove();
      await reload();
      return true;
    }
    home.insertBefore(card, next);           /* back where it was */
    const errors = body && body.errors ? Object.values(body.errors) : [];
    why[0] = res.status === 409
      ? 'Someone else changed this deal since the board was shown; nothing was saved. Reload the board to see it.'
      : `Not moved: ${errors[0] || (body && body.detail) || 'the deal could not be moved.'}`;
    say(why[0]);
    return false;
  }

  /* The column before (-1) or after (+1) col, or null at either end. */
  function columnBeside(col, step) {
    let c = step < 0 ? col.previousElementSibling : col.nextElementSibling;
    while (c && !c.matches('.board-col[data-stage]')) c = step < 0 ? c.previousElementSibling : c.nextElementSibling;
    return c;
  }

  /* Left/Right on a focused card: the same PATCH as a drop, then the focus
   * goes back to the card on the board read again (or, when its column
   * shows no cards, to that column's heading). */
  async function keyMove(card, step) {
    const col = card.closest('.board-col');
    const title = card.dataset.title || 'The deal';
    const to = columnBeside(col, step);
    if (!to) {
      announce(`${title} is in the ${step < 0 ? 'first' : 'last'} stage already.`);
      return;
    }
    const name = to.dataset.stageName || to.dataset.stage;
    const home = card.parentNode, next = card.nextSibling, id = card.dataset.deal, why = [];
    to.querySelector('.board-col-head').after(card);
    card.focus();
    announce(`Moving ${title} to ${name}…`);
    if (await move(card, to.dataset.stage, home, next, why)) {
      const again = document.querySelector(`.board-card[data-deal="${id}"]`);
      const head = document.querySelector(`.board-col[data-stage="${to.dataset.stage}"] h2`);
      if (again) again.focus();
      else if (head) { head.tabIndex = -1; head.focus(); }
      announce(`Moved ${title} to ${name}.`);
    } else {
      card.focus();
      announce(why[0]);
    }
  }

  function wire(board) {
    let dragged = null;
    for (const card of board.querySelectorAll('.board-card')) {
      if (!card.querySelector('form.board-move')) continue;   /* read-only: no moving */
      card.draggable = true;
      card.tabIndex = 0;
      card.setAttribute('aria-describedby', 'board-keys');
      card.addEventListener('keydown', (ev) => {
        if (ev.target !== card || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
        if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
        ev.preventDefault();
        keyMove(card, ev.key === 'ArrowLeft' ? -1 : 1);
      });
      card.addEventListener('dragstart', (ev) => {
        dragged = card;
        ev.dataTransfer.effectAllowed = 'move';
        ev.dataTransfer.setData('text/plain', card.dataset.deal);
        card.classList.add('is-dragging');
      });
      card.addEventListener('dragend', () => card.classList.remove('is-dragging'));
    }
    for (const col of board.querySelectorAll('.board-col[data-stage]')) {
      col.addEventListener('dragover', (ev) => {
        if (dragged && dragged.closest('.board-col') !== col) {
          ev.preventDefault();
          col.classList.add('is-drop');
        }
      });
      col.addEventListener('dragleave', () => col.classList.remove('is-drop'));
      col.addEventListener('drop', (ev) => {
        ev.preventDefault();
        col.classList.remove('is-drop');
        const card = dragged;
        dragged = null;
        if (!card || card.closest('.board-col') === col) return;
        const home = card.parentNode, next = card.nextSibling;
        col.querySelector('.board-col-head').after(card);
        move(card, col.dataset.stage, home, next);
      });
    }
  }

  function start() {
    const board = document.querySelector('[data-board]');
    if (board) wire(board);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
