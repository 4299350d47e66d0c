// judgement.js - the agent's judgement of a complaint, kept as its fields:
// whose responsibility, whether it is valid (or a duplicate of which), its
// main cause from the cause list, systemic or not, an idea in it; and for
// a complaint forwarded by the regulator (12315) the items its online
// dispute resolution platform asks for. Saved with PATCH under the ETag.

import { t } from './i18n.js';
import { h, select } from './dom.js';
import { label, options, value, state } from './fields.js';
import { app, causeLabel } from './app.js';
import { panel, actionForm, checkbox, saveFields } from './actions.js';

// Only what changed goes to the server: each change is an event of its own.
function changes(c, wanted) {
  const out = {};
  for (const [k, v] of Object.entries(wanted)) if ((c[k] ?? null) !== v) out[k] = v;
  return out;
}

export async function judgementPanel(c, reload) {
  const list = await app.causes().catch(() => []);
  const editable = app.can('complaint.edit') && !state(c.status).closed;
  if (!editable) {
    const row = (key, value) => h('div', { class: 'kv' }, h('dt', null, t(key)), h('dd', null, value || t('none')));
    const cause = list.find((x) => x.key === c.cause);
    return panel('judgement', 'c_judgement', h('dl', { class: 'details' },
      row('c_responsibility', c.responsibility && label('responsibility', c.responsibility)),
      row('c_validity', c.validity && label('validity', c.validity)),
      c.duplicate_of && row('c_duplicate_of', c.duplicate_of),
      row('c_cause', cause ? causeLabel(cause) : c.cause),
      row('c_systemic', t(c.systemic ? 'yes' : 'no')),
      row('c_idea', t(c.idea ? 'yes' : 'no'))));
  }
  const blank = [['', t('choose')]];
  const resp = select({ id: 'j-responsibility', name: 'responsibility' },
    [...blank, ...options('responsibility')], c.responsibility || '');
  const validity = select({ id: 'j-validity', name: 'validity' },
    [['', t('c_validity_unjudged')], ...options('validity')], c.validity || '');
  const dup = h('input', { id: 'j-duplicate-of', name: 'duplicate_of', value: c.duplicate_of || '', placeholder: 'KS0000000000' });
  // a retired cause still shows on the complaints that carry it
  const offered = list.filter((x) => x.active !== false || x.key === c.cause);
  const cause = select({ id: 'j-cause', name: 'cause' }, [...blank, ...offered.map((x) => [x.key, causeLabel(x)])], c.cause || '');
  const [systemic, systemicLabel] = checkbox('j-systemic', 'c_systemic', c.systemic);
  const [idea, ideaLabel] = checkbox('j-idea', 'c_idea', c.idea);
  // the cause brings its own systemic flag until the agent says otherwise;
  // what the box shows is what is saved
  let systemicTouched = false;
  systemic.addEventListener('change', () => { systemicTouched = true; });
  cause.addEventListener('change', () => {
    const x = list.find((k) => k.key === cause.value);
    if (x && !systemicTouched) systemic.checked = !!x.systemic;
  });
  const form = actionForm('judgement-form', [['responsibility', t('c_responsibility'), resp], ['validity', t('c_validity'), validity],
    ['duplicate_of', t('c_duplicate_of'), dup], ['cause', t('c_cause'), cause],
    ['systemic', null, systemicLabel], ['idea', null, ideaLabel]], 'save', () => {
    const dupOf = validity.value === 'duplicate' ? dup.value.trim().toUpperCase() : null;
    const body = changes(c, {
      responsibility: resp.value || null, validity: validity.value || null, duplicate_of: dupOf || null,
      cause: cause.value || null, systemic: systemic.checked, idea: idea.checked,
    });
    return Object.keys(body).length ? saveFields(c, body) : null;
  }, reload);
  const sync = () => { dup.closest('.field').hidden = validity.value !== 'duplicate'; };
  validity.addEventListener('change', sync);
  sync();
  return panel('judgement', 'c_judgement', form);
}

export function odrPanel(c, reload) {
  if (!value('channel', c.channel).regulator) return null;
  const editable = app.can('complaint.edit') && !state(c.status).closed;
  const course = h('textarea', { id: 'odr-course', name: 'odr_course', rows: '3', disabled: !editable });
  course.value = c.odr_course || '';
  const means = select({ id: 'odr-means', name: 'odr_means', disabled: !editable },
    [['', t('choose')], ...options('odr_means')], c.odr_means || '');
  const outcome = h('textarea', { id: 'odr-outcome', name: 'odr_outcome', rows: '3', disabled: !editable });
  outcome.value = c.odr_outcome || '';
  return panel('odr', 'c_odr', h('p', { class: 'hint' }, t('c_odr_hint')),
    actionForm('odr-form', [['odr_course', t('c_odr_course'), course], ['odr_means', t('c_odr_means'), means],
      ['odr_outcome', t('c_odr_outcome'), outcome]], 'save', () => {
      const body = changes(c, { odr_course: course.value.trim() || null, odr_means: means.value || null, odr_outcome: outcome.value.trim() || null });
      return Object.keys(body).length ? saveFields(c, body) : null;
    }, reload));
}
