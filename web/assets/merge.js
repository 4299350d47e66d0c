// merge.js - merging a duplicate into the complaint it repeats: the
// banners both ways (on the duplicate, where it went; on the original,
// which were merged into it), the "merge into…" action with its
// confirmation, and the mark on timeline events that came from a merged
// duplicate. complaint.js mounts it with mergeBanner and mergeOrigin.
import { t } from './i18n.js';
import { h, clear, phrase, setText, field, fieldError } from './dom.js';
import { post, ApiError } from './api.js';
import { state } from './fields.js';
import { app, explain } from './app.js';

const link = (no, id) => h('a', { href: `#/c/${encodeURIComponent(no)}`, id }, no);

// Where an event of a merged duplicate comes from, or null for the
// complaint's own.
export function mergeOrigin(e) {
  return e.from ? [' ', h('span', { class: 'badge merged-from' }, phrase('c_merged_origin', { tracking_no: e.from }))] : null;
}

// The action: the original's tracking number, a note, then a confirmation
// that says what follows, before anything is written.
function mergeAction(c, reload) {
  if (!app.can('complaint.edit') || state(c.status).closed) return null;
  const into = h('input', { id: 'merge-into', name: 'into', placeholder: 'KS…', autocomplete: 'off' });
  const note = h('input', { id: 'merge-note', name: 'note', maxlength: '2000' });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const ask = h('div', { class: 'merge-confirm', id: 'merge-confirm' });
  const form = h('form', { class: 'action merge-form', id: 'merge-form', hidden: true },
    field(t('c_merge_into_label'), into),
    field(t('c_merge_note'), note),
    msg,
    h('button', { type: 'submit', id: 'merge-next' }, t('c_merge_next')),
    ask);
  const open = h('button', {
    type: 'button', id: 'merge-open', 'aria-expanded': 'false', 'aria-controls': 'merge-form',
    onclick: () => {
      form.hidden = !form.hidden;
      open.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) into.focus();
    },
  }, t('c_merge_open'));
  const cancel = () => { clear(ask); into.focus(); };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    setText(msg, '');
    fieldError(into, '');
    const no = into.value.trim().toUpperCase();
    if (!no) { fieldError(into, t('c_merge_into_missing')); into.focus(); return; }
    const go = h('button', {
      type: 'button', id: 'merge-go',
      onclick: async () => {
        go.disabled = true;
        try {
          await post(`/api/v1/complaints/${c.id}/merge`, note.value.trim() ? { into: no, note: note.value.trim() } : { into: no });
          await reload();
        } catch (e) {
          go.disabled = false;
          clear(ask);
          if (e instanceof ApiError && e.field === 'into') { fieldError(into, e.message); into.focus(); } else setText(msg, explain(e));
        }
      },
    }, t('c_merge_go'));
    clear(ask,
      h('p', { id: 'merge-question' }, phrase('c_merge_question', { dup: c.tracking_no, orig: no })),
      go, ' ', h('button', { type: 'button', id: 'merge-cancel', onclick: cancel }, t('cancel')));
    go.focus();
  });
  return h('div', { class: 'merge-action', id: 'merge-action' }, open, form);
}

// The banners and the action, for the top of the complaint page: events
// are its timeline, whose own merged_from events name the duplicates.
export function mergeBanner(c, events, reload) {
  const here = [...new Set(events.filter((e) => e.kind === 'merged_from' && !e.from && e.data && e.data.from)
    .map((e) => e.data.from))];
  const merged = c.validity === 'duplicate' && c.duplicate_of && state(c.status).closed;
  return [
    merged && h('div', { class: 'merge-banner', id: 'merge-banner', role: 'note' },
      h('strong', null, t('c_merged_into')), ' ', link(c.duplicate_of, 'merged-into-link'),
      h('p', { class: 'hint' }, t('c_merged_into_hint'))),
    here.length > 0 && h('div', { class: 'merge-banner', id: 'merged-here', role: 'note' },
      h('strong', null, t('c_merged_here')), ' ',
      here.map((no, i) => [i ? '、' : '', link(no)]),
      h('p', { class: 'hint' }, t('c_merged_here_hint'))),
    mergeAction(c, reload),
  ];
}
