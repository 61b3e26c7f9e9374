/* The pipeline board (sales/deals_board.cs), progressive: drag a card to
 * another column and it is PATCHed to that stage with the version the
 * page read; the board is then read again (totals and cards as the server
 * has them). A refusal (409 someone else changed it, 422 a lost stage
 * with no reason) puts the card back and says why. Without this file each
 * card's stage form does the same; with it, the form stays the keyboard's
 * way. Loaded with <script src defer> by the board only; no inline script. */
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

  async function move(card, stage, home, next) {
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
      return;
    }
    home.insertBefore(card, next);           /* back where it was */
    const errors = body && body.errors ? Object.values(body.errors) : [];
    say(res.status === 409
      ? 'Someone else changed this deal since the board was shown; nothing was saved. Reload the board to see it.'
      : `Not moved: ${errors[0] || (body && body.detail) || 'the deal could not be moved.'}`);
  }

  function wire(board) {
    let dragged = null;
    for (const card of board.querySelectorAll('.board-card')) {
      if (!card.querySelector('form.board-move')) continue;   /* read-only: no moving */
      card.draggable = true;
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
