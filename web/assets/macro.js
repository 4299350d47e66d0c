// macro.js - a response script's actions (a macro) on the complaint page:
// the button beside a script that carries them, the preview of its steps
// in the page's language (a step the server would refuse now named, with
// why), and the confirmation that applies them all at once.

import { t } from './i18n.js';
import { h, clear, phrase, setText, toast } from './dom.js';
import { post } from './api.js';
import { label } from './fields.js';
import { app, causeLabel, explain, errorWords, fieldWords } from './app.js';

// What a step does, in words; the reply's text follows it on a line of
// its own.
function stepWords(s, causes) {
  switch (s.action) {
    case 'cause': {
      const c = causes.find((x) => x.key === s.to);
      return phrase('m_step_cause', { to: c ? causeLabel(c) : s.to });
    }
    case 'responsibility': return t('m_step_responsibility', { to: label('responsibility', s.to) });
    case 'state': return t('m_step_state', { from: label('status', s.from), to: label('status', s.to) });
    case 'assign': return t(s.to === 'team' ? 'm_step_assign_team' : 'm_step_assign_self');
    default: return t('m_step_reply');
  }
}

// Why the server would refuse a step: its own words for the usual
// refusals, the words of the code and reason for the rest.
function refusal(r) {
  if (r.error === 'forbidden') return t('m_why_forbidden');
  if (r.error === 'conflict') return t('m_why_conflict', { message: errorWords({ code: r.error, reason: r.reason }) });
  if (r.error === 'missing_field' && r.field === 'reason') return t('m_why_reason');
  const x = { code: r.error, field: r.field, reason: r.reason };
  const name = fieldWords(r.field);
  return name ? t('error_field', { field: name, message: errorWords(x) }) : errorWords(x);
}

function stepItem(s, causes) {
  return h('li', { class: `macro-step${s.would ? '' : ' refused'}`, dataset: { action: s.action, would: String(!!s.would) } },
    h('span', { class: 'macro-mark', 'aria-hidden': 'true' }, s.would ? '✓ ' : '✗ '),
    h('span', { class: 'macro-what' }, stepWords(s, causes)),
    s.action === 'reply' && s.text && h('p', { class: 'script-body macro-text' }, s.text),
    !s.would && s.refused && h('p', { class: 'verdict warn macro-why' }, `${t('m_refused')}: ${refusal(s.refused)}`));
}

/* The button that previews script sc's actions on complaint c, and the
 * place below it where the steps and the confirmation appear; null when
 * the script carries none. reload draws the page again once applied. */
export function macroControl(c, sc, reload) {
  if (!sc.actions || !Object.keys(sc.actions).length) return null;
  const out = h('div', { class: 'macro', id: `macro-${sc.id}`, 'aria-live': 'polite' });
  const open = h('button', {
    type: 'button', class: 'link macro-open', dataset: { macro: sc.id }, 'aria-expanded': 'false',
    'aria-controls': out.id,
    onclick: async () => {
      open.disabled = true;
      try {
        const [p, causes] = await Promise.all([
          post(`/api/v1/complaints/${c.id}/macros/${sc.id}/preview`, {}),
          app.causes().catch(() => []),
        ]);
        show(p, causes);
        open.setAttribute('aria-expanded', 'true');
      } catch (e) {
        clear(out, h('p', { class: 'form-error', role: 'alert' }, explain(e)));
      } finally {
        open.disabled = false;
      }
    },
  }, t('m_apply'));

  function close() {
    clear(out);
    open.setAttribute('aria-expanded', 'false');
    open.focus();
  }

  function show(p, causes) {
    const msg = h('p', { class: 'form-error', role: 'alert' });
    const apply = p.applicable && h('button', {
      type: 'button', class: 'primary macro-apply',
      onclick: async () => {
        apply.disabled = true;
        setText(msg, '');
        try {
          await post(`/api/v1/complaints/${c.id}/macros/${sc.id}/apply`, {});
          toast(t('m_applied'));
          await reload();
        } catch (e) {
          apply.disabled = false;
          setText(msg, explain(e));
        }
      },
    }, t('m_confirm'));
    clear(out,
      h('p', { class: 'macro-head' }, t(p.applicable ? 'm_preview' : 'm_preview_refused')),
      h('ol', { class: 'macro-steps' }, (p.steps || []).map((s) => stepItem(s, causes))),
      msg,
      apply,
      h('button', { type: 'button', class: 'macro-cancel', onclick: close }, t('cancel')));
    (apply || out.querySelector('.macro-cancel')).focus();
  }

  return [open, out];
}
