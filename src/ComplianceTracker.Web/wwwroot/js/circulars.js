// Review form of a new circular: add and remove requirement rows without a round trip.
// Without this script the same buttons post to the server, which adds or removes the row.
(() => {
  'use strict';
  const form = document.getElementById('review');
  const rows = document.getElementById('requirement-rows');
  const template = document.getElementById('requirement-template');
  if (!form || !rows || !template) {
    return;
  }

  const count = document.getElementById('requirement-count');
  let next = 0;

  const renumber = () => {
    const all = rows.querySelectorAll('fieldset.requirement');
    all.forEach((row, i) => {
      const number = row.querySelector('.row-number');
      if (number) {
        number.textContent = String(i + 1);
      }
    });
    if (count) {
      count.textContent = String(all.length);
    }
  };

  document.getElementById('add-requirement')?.addEventListener('click', (event) => {
    event.preventDefault();
    const key = `n${Date.now().toString(36)}${next++}`;
    const html = template.innerHTML.replaceAll('__key__', key).replaceAll('__n__', '');
    rows.insertAdjacentHTML('beforeend', html);
    renumber();
    rows.lastElementChild?.querySelector('input[type=text]')?.focus();
  });

  rows.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('.remove-requirement') : null;
    if (!button) {
      return;
    }

    event.preventDefault();
    const row = button.closest('fieldset.requirement');
    const focusNext = row?.nextElementSibling ?? row?.previousElementSibling;
    row?.remove();
    renumber();
    (focusNext?.querySelector('input[type=text]') ?? document.getElementById('add-requirement'))?.focus();
  });
})();
