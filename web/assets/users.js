// users.js - the administrators' pages for staff accounts and roles:
// who may sign in, with which role, teams and authority limits; a
// password reset, an unlock after failed sign-ins, a second factor
// removed when a phone is lost; and per role, whether a second factor is
// required and the authority limits its holders have.

import { t, fmtDateTime, fmtMoney } from './i18n.js';
import { h, clear, field, fieldError, select, toast, setText } from './dom.js';
import { get, post, patch, del, ApiError } from './api.js';
import { options } from './fields.js';
import { app, explain, showErrors, fail } from './app.js';
import { adminTabs } from './routing.js';

const ROLES = ['agent', 'supervisor', 'manager', 'admin', 'auditor', 'staff'];

const roleWords = (r) => t(`role.${r}`);
const userName = (u) => u.display_name || u.username;
const locked = (u) => u.locked_until && Date.parse(u.locked_until) > Date.now();

/* A button that asks again before it acts: the first press turns it into
 * "confirm", the second runs act; leaving it undoes the first. For what
 * cannot be taken back with one click (removing a second factor). */
function twoStep(props, words, sure, act) {
  let armed = false;
  const b = h('button', {
    type: 'button', ...props,
    onclick: async () => {
      if (!armed) { armed = true; setText(b, sure); b.classList.add('danger'); return; }
      b.disabled = true;
      try { await act(); } finally { b.disabled = false; }
    },
    onblur: () => { armed = false; setText(b, words); b.classList.remove('danger'); },
  }, words);
  return b;
}

/* The teams as checkboxes: a fieldset for field(), read by chosen(). */
function teamChoice(id, teams, chosen) {
  const set = h('fieldset', { id, class: 'choices' },
    teams.map((tm) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', value: String(tm.id), checked: chosen.includes(tm.id) }), ' ', tm.name)));
  set.chosen = () => [...set.querySelectorAll('input:checked')].map((i) => Number(i.value));
  return set;
}

/* Authority limits per kind of compensation, in yuan (the API keeps fen).
 * Empty: the role's limit applies, shown as the placeholder. */
function limitInputs(prefix, own, base) {
  const inputs = {};
  const rows = options('compensation_kind').map(([kind, words]) => {
    const v = own && own[kind] != null ? String(own[kind] / 100) : '';
    inputs[kind] = h('input', {
      id: `${prefix}-${kind}`, type: 'number', min: '0', step: '0.01', inputmode: 'decimal', value: v,
      placeholder: base && base[kind] != null ? String(base[kind] / 100) : '',
    });
    return field(words, inputs[kind]);
  });
  const read = () => {
    const out = {};
    let any = false;
    for (const [kind, el] of Object.entries(inputs)) {
      if (el.value.trim() === '') continue;
      out[kind] = Math.round(Number(el.value) * 100);
      any = true;
    }
    return any ? out : null;
  };
  const loaded = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value]));
  // whether a box now says other than it did when drawn
  const changed = () => Object.entries(inputs).some(([k, el]) => el.value.trim() !== loaded[k]);
  return { box: h('div', { class: 'limits' }, rows), inputs, read, changed };
}

function newUserForm(teams, done) {
  const c = {
    username: h('input', { autocomplete: 'off', required: true, maxlength: '32', pattern: '[a-z0-9._-]{2,32}' }),
    display_name: h('input', { maxlength: '64' }),
    email: h('input', { type: 'email', maxlength: '254' }),
    role: select({}, ROLES.map((r) => [r, roleWords(r)]), 'agent'),
    teams: teamChoice('new-user-teams', teams, []),
    password: h('input', { type: 'password', autocomplete: 'new-password', required: true }),
  };
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { id: 'user-new', class: 'card admin-form', novalidate: true },
    h('h2', null, t('usr_add')),
    h('div', { class: 'field-row' },
      field(t('username'), c.username, t('usr_username_hint')),
      field(t('usr_display_name'), c.display_name),
      field(t('usr_email'), c.email),
      field(t('usr_role'), c.role)),
    field(t('usr_teams'), c.teams),
    field(t('password'), c.password, t('usr_password_hint')),
    msg,
    h('button', { type: 'submit', class: 'primary' }, t('usr_add')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const el of Object.values(c)) fieldError(el, '');
    setText(msg, '');
    const body = { username: c.username.value.trim(), role: c.role.value, teams: c.teams.chosen(), password: c.password.value };
    if (c.display_name.value.trim()) body.display_name = c.display_name.value.trim();
    if (c.email.value.trim()) body.email = c.email.value.trim();
    try {
      const u = await post('/api/v1/users', body);
      toast(t('usr_added', { name: userName(u) }));
      done(u);
    } catch (e) { setText(msg, showErrors(e, c)); }
  });
  return form;
}

/* One account: its details, role, teams and limits; then the password,
 * the lock and the second factor, each its own action. */
function editCard(u, teams, roleInfo, redraw) {
  const base = (roleInfo.find((r) => r.name === u.role) || {}).limits;
  const limits = limitInputs(`user-${u.id}-limit`, u.limits_override, base);
  const c = {
    display_name: h('input', { maxlength: '64', value: u.display_name || '' }),
    email: h('input', { type: 'email', maxlength: '254', value: u.email || '' }),
    role: select({}, ROLES.map((r) => [r, roleWords(r)]), u.role),
    teams: teamChoice(`user-${u.id}-teams`, teams, u.teams || []),
    disabled: h('input', { type: 'checkbox', id: 'user-disabled', checked: !!u.disabled }),
  };
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { id: 'user-edit', class: 'card admin-form', novalidate: true, dataset: { user: u.id } },
    h('h2', null, t('usr_edit', { name: userName(u) })),
    h('p', { class: 'hint' }, `${u.username} · ${t('usr_created')} ${fmtDateTime(u.created_at)}`),
    h('div', { class: 'field-row' },
      field(t('usr_display_name'), c.display_name),
      field(t('usr_email'), c.email),
      field(t('usr_role'), c.role)),
    field(t('usr_teams'), c.teams),
    h('details', { class: 'limits-box', open: !!u.limits_override },
      h('summary', null, t('usr_limits')),
      h('p', { class: 'hint' }, t('usr_limits_hint')),
      limits.box),
    h('label', { class: 'check', for: 'user-disabled' }, c.disabled, ' ', t('usr_disabled')),
    h('p', { class: 'field-error', id: 'user-disabled-err', hidden: true }),
    h('p', { class: 'hint' }, t('usr_disabled_hint')),
    msg,
    h('button', { type: 'submit', class: 'primary', id: 'user-save' }, t('save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const el of [...Object.values(c), ...Object.values(limits.inputs)]) fieldError(el, '');
    setText(msg, '');
    const body = {
      display_name: c.display_name.value.trim() || null,
      email: c.email.value.trim() || null,
      role: c.role.value,
      teams: c.teams.chosen(),
      limits: limits.read(),
      disabled: c.disabled.checked,
    };
    try {
      await patch(`/api/v1/users/${u.id}`, body);
      toast(t('saved'));
      redraw();
    } catch (e) {
      const alias = Object.fromEntries(Object.keys(limits.inputs).map((k) => [`limits.${k}`, k]));
      setText(msg, showErrors(e, { ...c, ...limits.inputs }, alias));
    }
  });

  // a new password: the account signs in again, its API tokens stop
  const pw = h('input', { type: 'password', id: 'user-new-password', autocomplete: 'new-password' });
  const pwMsg = h('p', { class: 'form-error', role: 'alert' });
  const pwForm = h('form', { id: 'user-password', class: 'card admin-form', novalidate: true },
    h('h2', null, t('usr_reset_password')),
    field(t('usr_new_password'), pw, t('usr_password_hint')),
    h('p', { class: 'hint' }, t('usr_reset_hint')),
    pwMsg,
    h('button', { type: 'submit' }, t('usr_reset_password')));
  pwForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    fieldError(pw, '');
    setText(pwMsg, '');
    try {
      const r = await post(`/api/v1/users/${u.id}/password`, { new_password: pw.value });
      pw.value = '';
      toast(t('usr_password_reset', { n: (r && r.tokens_revoked) || 0 }));
    } catch (e) { setText(pwMsg, showErrors(e, { new_password: pw })); }
  });

  const totpLine = h('p', { id: 'user-totp' }, t(u.totp_enabled ? 'usr_totp_on' : 'usr_totp_off'));
  const access = h('div', { class: 'card admin-form', id: 'user-access' },
    h('h2', null, t('usr_access')),
    totpLine,
    u.totp_enabled && twoStep({ id: 'user-totp-remove' }, t('usr_totp_remove'), t('usr_totp_remove_sure'), async () => {
      // said in place: what is being typed in the account's form stays
      try {
        await del(`/api/v1/users/${u.id}/totp`);
        toast(t('usr_totp_removed'));
        setText(totpLine, t('usr_totp_off'));
        document.getElementById('user-totp-remove')?.remove();
        const cell = document.querySelector(`#users tr[data-user="${u.id}"] .user-totp`);
        if (cell) setText(cell, t('usr_totp_off_short'));
      } catch (e) { fail(e); }
    }),
    // failed sign-ins hold the name back for a while (the limiter keeps no
    // record on the account): unlocking forgives them, whatever the page knows
    h('p', { id: 'user-lock' }, locked(u) ? t('usr_locked_until', { time: fmtDateTime(u.locked_until) }) : t('usr_unlock_hint')),
    h('button', {
      type: 'button', id: 'user-unlock',
      onclick: async () => {
        try { await post(`/api/v1/users/${u.id}/unlock`); toast(t('usr_unlocked')); } catch (e) { fail(e); }
      },
    }, t('usr_unlock')));
  return h('div', { class: 'user-edit' }, form, h('div', { class: 'user-side' }, pwForm, access));
}

function stateWords(u) {
  if (u.disabled) return t('usr_state_disabled');
  if (locked(u)) return t('usr_state_locked');
  return t('usr_state_active');
}

export async function usersView(root, q) {
  app.cache.delete('teams');
  const [list, teams, roles] = await Promise.all([get('/api/v1/users'), app.teams(), get('/api/v1/roles')]);
  const users = list.items || [];
  const teamName = new Map(teams.map((x) => [x.id, x.name]));
  const id = Number((q && q.get('id')) || 0);
  const chosen = users.find((u) => u.id === id);
  const redraw = () => app.go(chosen ? `#/admin/users?id=${chosen.id}` : '#/admin/users');

  const rows = users.map((u) => h('tr', { dataset: { user: u.id }, class: u.disabled ? 'muted' : null },
    h('th', { scope: 'row' }, h('a', { href: `#/admin/users?id=${u.id}`, 'aria-current': u.id === id ? 'true' : null }, userName(u)),
      h('span', { class: 'hint' }, ` ${u.username}`)),
    h('td', null, roleWords(u.role)),
    h('td', null, (u.teams || []).map((x) => teamName.get(x) || `#${x}`).join('、')),
    h('td', { class: 'user-totp' }, t(u.totp_enabled ? 'usr_totp_on_short' : 'usr_totp_off_short')),
    h('td', { class: 'user-state' }, stateWords(u))));
  const table = h('table', { class: 'queue users', id: 'users' },
    h('thead', null, h('tr', null,
      [t('usr_name'), t('usr_role'), t('usr_teams'), t('usr_totp'), t('usr_state')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, rows));

  clear(root, h('div', { class: 'admin' }, adminTabs('users'),
    h('h1', null, t('adm_users')), h('p', { class: 'hint' }, t('usr_hint')),
    chosen ? editCard(chosen, teams, roles.items || [], redraw)
      : h('details', { class: 'add-box', open: q && q.get('new') === '1' },
        h('summary', { id: 'user-add' }, t('usr_add')),
        newUserForm(teams, (u) => app.go(`#/admin/users?id=${u.id}`))),
    chosen && h('p', null, h('a', { href: '#/admin/users' }, t('usr_back'))),
    table));
  if (id && !chosen) toast(t('err_code.not_found'), 'error');
  return null;
}

export async function rolesView(root) {
  const roles = (await get('/api/v1/roles')).items || [];
  // a saved card is drawn again from the server's answer on its own: what
  // is being typed in the others stays
  const card = (r) => {
    const totp = h('input', { type: 'checkbox', id: `role-${r.name}-totp`, checked: !!r.require_totp });
    const limits = limitInputs(`role-${r.name}-limit`, r.limits, null);
    const msg = h('p', { class: 'form-error', role: 'alert' });
    const form = h('form', { class: 'card admin-form', id: `role-${r.name}`, novalidate: true, dataset: { role: r.name } },
      h('h2', null, roleWords(r.name)),
      h('p', { class: 'hint' }, t(`role_sum.${r.name}`)),
      h('label', { class: 'check', for: totp.id }, totp, ' ', t('rol_require_totp')),
      h('details', { class: 'limits-box' },
        h('summary', null, t('rol_limits'), ': ', limitSummary(r.limits)),
        h('p', { class: 'hint' }, t('rol_limits_hint')),
        limits.box,
        h('button', {
          type: 'button', class: 'link', dataset: { restore: r.name },
          onclick: () => send({ require_totp: totp.checked, limits: null }),
        }, t('rol_restore'))),
      msg,
      h('button', { type: 'submit', class: 'primary' }, t('save')));
    async function send(body) {
      for (const el of Object.values(limits.inputs)) fieldError(el, '');
      setText(msg, '');
      try {
        const now = await patch(`/api/v1/roles/${r.name}`, body);
        toast(t('saved'));
        form.replaceWith(card(now));
      } catch (e) {
        const alias = Object.fromEntries(Object.keys(limits.inputs).map((k) => [`limits.${k}`, k]));
        setText(msg, e instanceof ApiError ? showErrors(e, limits.inputs, alias) : explain(e));
      }
    }
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const body = { require_totp: totp.checked };
      // the boxes show the limits in force: sent only when one was changed,
      // so that ticking the second factor leaves the built-in limits built in
      if (limits.changed()) body.limits = limits.read();
      send(body);
    });
    return form;
  };
  const cards = roles.map(card);
  clear(root, h('div', { class: 'admin' }, adminTabs('roles'),
    h('h1', null, t('adm_roles')), h('p', { class: 'hint' }, t('rol_hint')),
    h('div', { class: 'role-cards' }, cards)));
  return null;
}

/* "退款 ¥200.00, 优惠券 ¥200.00 ..." shortened to the distinct amounts:
 * most roles have one limit for every kind. */
function limitSummary(limits) {
  const vals = Object.values(limits || {});
  if (!vals.length) return t('rol_no_limit');
  const distinct = [...new Set(vals)];
  if (distinct.length === 1) return t('rol_every_kind', { amount: fmtMoney(distinct[0]) });
  return t('rol_from_to', { from: fmtMoney(Math.min(...vals)), to: fmtMoney(Math.max(...vals)) });
}
