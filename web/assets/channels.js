// channels.js - the administrators' pages of how kesu reaches people: the
// channel settings (the company's name, the SMTP relay, the SMS gateway,
// the team chat robots, the delivery policy, the mail gateway's limits),
// the secrets they name and the webhooks; and the notice templates, what
// each notice says by kind, language and channel. Secrets and webhook
// signing secrets are write-only: the page shows a webhook's secret once,
// as the server gives it, and never a secret's value.

import { t, lang, fmtTime, words, LANGS, LANG_NAMES } from './i18n.js';
import { h, clear, field, fieldError, select, toast, setText, phrase } from './dom.js';
import { get, put, post, patch, del, ApiError } from './api.js';
import { explain, errorWords, fail } from './app.js';
import { adminTabs } from './routing.js';

const PLATFORMS = ['wecom', 'dingtalk', 'feishu'];
// the staff notices a robot may hear of; the first three by default
const ROBOT_EVENTS = ['escalated', 'approval_needed', 'clock_breached', 'clock_warning', 'handed_over',
  'customer_wrote', 'demand_corrected', 'key_customer', 'second_complaint', 'task', 'task_overdue',
  'appointment_due', 'appointment_missed', 'visits_planned', 'visit_missed'];
const ROBOT_DEFAULT = ROBOT_EVENTS.slice(0, 3);
const KINDS = ['acknowledged', 'progress', 'department_asked', 'plan_proposed', 'awaiting_customer',
  'resolved', 'follow_up', 'reopened', 'message', 'merged', 'task', 'report'];
// what a webhook may take: every notice's kind, the customers' and the staff's
const HOOK_EVENTS = [...KINDS, 'review_change', 'review_reminder', 'clock_warning', 'escalated',
  'task_overdue', 'approval_needed', 'key_customer', 'second_complaint'];
const PLACEHOLDERS = ['tracking_no', 'customer_name', 'status', 'reason', 'status_url', 'survey_url',
  'company', 'department', 'task', 'due', 'progress', 'next_contact', 'original', 'period',
  'buyer', 'order_ref', 'platform', 'link', 'product'];
const SECRET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const kindWords = (k) => t(`tpl_kind_${k}`);
const hookEventWords = (k) => (k === '*' ? t('ch_wh_all') : KINDS.includes(k) ? kindWords(k) : t(`ch_ev_${k}`));

/* A page's refusal: each error beside the control its field names
 * (controlFor(field) -> control or null), the rest in msg, in the page's
 * words. The first control marked takes the focus. */
function showRefusal(e, controlFor, msg) {
  if (!(e instanceof ApiError) || !e.status) { setText(msg, explain(e)); return; }
  let first = null;
  const rest = [];
  for (const x of e.errors) {
    const el = controlFor(x.field);
    if (el) {
      fieldError(el, errorWords(x));
      first = first || el;
    } else rest.push(errorWords(x));
  }
  setText(msg, rest.join(' '));
  if (first) first.focus();
}

/* Local checks found wrong: each beside its control; the first focused. */
function showLocal(bad) {
  for (const b of bad) fieldError(b.el, b.text);
  bad[0].el.focus();
}

/* A button that removes something for good: the first click asks
 * (its words become "sure?"), a second within a few seconds does it.
 * what: the thing removed, for screen readers. */
function deleteButton(cls, what, fn) {
  const label = h('span', null, t('delete'));
  let armed = null;
  const disarm = () => { clearTimeout(armed); armed = null; setText(label, t('delete')); b.classList.remove('ch-armed'); };
  const b = h('button', {
    type: 'button', class: cls,
    onclick: async () => {
      if (!armed) {
        setText(label, t('ch_delete_sure'));
        b.classList.add('ch-armed');
        armed = setTimeout(disarm, 5000);
        return;
      }
      disarm();
      b.disabled = true;
      try { await fn(); } catch (e) { b.disabled = false; fail(e); }
    },
  }, label, h('span', { class: 'sr-only' }, what));
  return b;
}

const textInput = (id, value, props = {}) => h('input', { id, value: value == null ? '' : String(value), ...props });
const numberInput = (id, value, min, max) => h('input', {
  id, type: 'number', inputmode: 'numeric', step: '1', min, max, value: value == null ? '' : String(value),
});
const checkBox = (id, checked, label) => {
  const box = h('input', { type: 'checkbox', id, checked: !!checked });
  return { box, el: h('label', { class: 'check', for: id }, box, ' ', label) };
};

/* A group of check boxes as a field (a fieldset with its legend). */
function choices(id, list, chosen, wordsOf) {
  const set = h('fieldset', { id, class: 'ch-events' });
  for (const k of list) {
    const box = h('input', { type: 'checkbox', id: `${id}-${k}`, value: k, checked: chosen.includes(k) });
    set.append(h('label', { class: 'check', for: box.id }, box, ' ', wordsOf(k)));
  }
  return set;
}
const chosenOf = (set) => [...set.querySelectorAll('input[type=checkbox]:checked')].map((x) => x.value);

// "Name: value" lines, the gateway's headers as one edits them
const headerLines = (o) => Object.entries(o || {}).map(([k, v]) => `${k}: ${v}`).join('\n');

/* The names of the secrets the settings use: {secret:NAME} in the SMS
 * gateway's templates and the robots' URLs, the robots' signing secrets,
 * and the relay's password when it signs in. */
function secretsNamed(cfg) {
  const names = new Set();
  const scan = (s) => { for (const m of String(s || '').matchAll(/\{secret:([A-Za-z0-9_-]{1,64})\}/g)) names.add(m[1]); };
  const sms = cfg.sms || {};
  scan(sms.url);
  scan(JSON.stringify(sms.headers || {}));
  scan(JSON.stringify(sms.body ?? null));
  for (const r of cfg.robots || []) {
    scan(r.url);
    if (r.sign_secret) names.add(r.sign_secret);
  }
  if (cfg.email && cfg.email.username) names.add('smtp_password');
  return [...names];
}

/* --- the channel settings ------------------------------------------------------ */

export async function channelsView(root) {
  const [cfg, secrets, hooks] = await Promise.all([get('/api/v1/channels'),
    get('/api/v1/channels/secrets'), get('/api/v1/webhooks')]);
  const state = { cfg, secrets: secrets.items || [], hooks: hooks.items || [] };
  const settingsBox = h('div', { id: 'ch-settings' });
  const secretsBox = h('section', { id: 'ch-secrets', class: 'ch-section', 'aria-labelledby': 'ch-secrets-h' });
  const hooksBox = h('section', { id: 'ch-webhooks', class: 'ch-section', 'aria-labelledby': 'ch-webhooks-h' });
  const view = { state, settingsBox, secretsBox, hooksBox };
  drawSettings(view);
  drawSecrets(view);
  drawHooks(view);
  clear(root, h('div', { class: 'admin channels' }, adminTabs('channels'),
    h('h1', null, t('adm_channels')), h('p', { class: 'hint' }, t('ch_hint')),
    settingsBox, secretsBox, hooksBox));
  return null;
}

/* The settings form, drawn from cfg (what the server has in force). */
function drawSettings(view) {
  const cfg = view.state.cfg;
  const email = cfg.email || {};
  const sms = cfg.sms || {};
  const dlv = cfg.delivery || {};
  const mg = cfg.mailgate || {};
  const ctl = {}; // the API's field -> its control
  const f = (path, label, control, hint) => { ctl[path] = control; return field(label, control, hint); };
  const id = (path) => `ch-${path.replace(/\./g, '-')}`;
  const text = (path, value, label, hint, props) => f(path, label, textInput(id(path), value, props), hint);
  const number = (path, value, label, hint, min, max) => f(path, label, numberInput(id(path), value, min, max), hint);
  const on = (path, checked, label) => { const c = checkBox(id(path), checked, label); ctl[path] = c.box; return c.el; };

  const robotList = h('ol', { class: 'rules ch-robots', id: 'ch-robot-list' });
  let rows = [];
  let seq = 0;

  // One robot as a card; read() gives it back as the API takes it.
  function robot(r) {
    const n = ++seq;
    const rid = `ch-robot-${n}`;
    const controls = {
      name: textInput(`${rid}-name`, r.name, { autocomplete: 'off' }),
      platform: select({ id: `${rid}-platform` }, PLATFORMS.map((p) => [p, t(`ch_platform_${p}`)]), r.platform || 'dingtalk'),
      url: textInput(`${rid}-url`, r.url, { autocomplete: 'off', class: 'wide' }),
      sign_secret: textInput(`${rid}-sign`, r.sign_secret, { autocomplete: 'off', list: 'ch-secret-names' }),
      events: choices(`${rid}-events`, ROBOT_EVENTS, r.events || ROBOT_DEFAULT, (k) => t(`ch_ev_${k}`)),
    };
    const enabled = checkBox(`${rid}-enabled`, r.enabled !== false, t('ch_robot_enabled'));
    controls.enabled = enabled.box;
    // WeCom robots are not signed: the key in the URL is the credential
    const signable = () => { controls.sign_secret.disabled = controls.platform.value === 'wecom'; };
    controls.platform.addEventListener('change', signable);
    signable();
    const title = h('h3');
    const row = { controls, title };
    row.el = h('li', { class: 'card ch-robot', dataset: { robot: r.name || '' } },
      h('div', { class: 'toolbar' }, title,
        h('button', { type: 'button', class: 'remove', onclick: () => { rows = rows.filter((x) => x !== row); drawRobots(); robotAdd.focus(); } }, t('delete'))),
      h('div', { class: 'ch-grid' },
        field(t('ch_robot_name'), controls.name, t('ch_robot_name_hint')),
        field(t('ch_platform'), controls.platform),
        h('div', { class: 'ch-wide' }, field(t('ch_robot_url'), controls.url, t('ch_robot_url_hint'))),
        field(t('ch_sign_secret'), controls.sign_secret, t('ch_sign_secret_hint')),
        enabled.el),
      field(t('ch_robot_events'), controls.events));
    row.read = () => ({
      name: controls.name.value.trim(),
      platform: controls.platform.value,
      url: controls.url.value.trim(),
      sign_secret: controls.platform.value === 'wecom' ? null : controls.sign_secret.value.trim() || null,
      events: chosenOf(controls.events),
      enabled: controls.enabled.checked,
    });
    return row;
  }

  function drawRobots() {
    rows.forEach((r, i) => setText(r.title, t('ch_robot_n', { n: i + 1 })));
    clear(robotList, rows.map((r) => r.el));
    if (!rows.length) robotList.append(h('li', { class: 'hint' }, t('ch_no_robots')));
    robotAdd.disabled = rows.length >= 10;
  }

  const robotAdd = h('button', {
    type: 'button', id: 'ch-robot-add',
    onclick: () => { rows.push(robot({})); drawRobots(); rows[rows.length - 1].controls.name.focus(); },
  }, t('ch_robot_add'));
  rows = (cfg.robots || []).map(robot);
  drawRobots();

  const tls = select({ id: id('email.starttls') }, ['required', 'if_available', 'never'].map((x) => [x, t(`ch_tls_${x}`)]), email.starttls || 'required');
  const method = select({ id: id('sms.method') }, [['POST', 'POST'], ['GET', 'GET']], sms.method || 'POST');
  const format = select({ id: id('sms.format') }, ['json', 'form', 'none'].map((x) => [x, t(`ch_format_${x}`)]), sms.format || 'json');
  const headers = h('textarea', { id: id('sms.headers'), class: 'ch-code', rows: '3', spellcheck: 'false', value: headerLines(sms.headers) });
  const body = h('textarea', { id: id('sms.body'), class: 'ch-code', rows: '5', spellcheck: 'false', value: sms.body == null ? '' : JSON.stringify(sms.body, null, 2) });
  const msg = h('p', { class: 'form-error', role: 'alert', id: 'ch-settings-msg' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'ch-save' }, t('save'));

  const form = h('form', { id: 'channels-form', novalidate: true },
    h('fieldset', { id: 'ch-set-company' }, h('legend', null, t('ch_company_legend')),
      h('div', { class: 'ch-grid' },
        text('company', cfg.company, t('ch_company'), t('ch_company_hint'), { autocomplete: 'organization' }),
        text('portal_url', cfg.portal_url, t('ch_portal_url'), t('ch_portal_url_hint'), { type: 'url', autocomplete: 'off' }))),
    h('fieldset', { id: 'ch-set-email' }, h('legend', null, t('ch_email_legend')),
      on('email.enabled', email.enabled, t('ch_email_enabled')),
      h('div', { class: 'ch-grid' },
        text('email.relay', email.relay, t('ch_relay'), t('ch_relay_hint'), { autocomplete: 'off' }),
        f('email.starttls', t('ch_starttls'), tls),
        text('email.username', email.username, t('ch_username'), t('ch_username_hint'), { autocomplete: 'off' }),
        text('email.from', email.from, t('ch_from'), t('ch_from_hint'), { autocomplete: 'off' }),
        text('email.reply_to', email.reply_to, t('ch_reply_to'), t('ch_reply_to_hint'), { autocomplete: 'off' }),
        text('email.ca_file', email.ca_file, t('ch_ca_file'), t('ch_ca_file_hint'), { autocomplete: 'off' }),
        number('email.timeout_s', email.timeout_s, t('ch_timeout_s'), null, 1, 300))),
    h('fieldset', { id: 'ch-set-sms' }, h('legend', null, t('ch_sms_legend')),
      on('sms.enabled', sms.enabled, t('ch_sms_enabled')),
      h('div', { class: 'ch-grid' },
        h('div', { class: 'ch-wide' }, text('sms.url', sms.url, t('ch_sms_url'), t('ch_sms_url_hint'), { autocomplete: 'off' })),
        f('sms.method', t('ch_method'), method),
        f('sms.format', t('ch_format'), format),
        h('div', { class: 'ch-wide' }, f('sms.headers', t('ch_headers'), headers, t('ch_headers_hint'))),
        h('div', { class: 'ch-wide' }, f('sms.body', t('ch_body'), body, t('ch_body_hint'))),
        text('sms.success_field', sms.success_field, t('ch_success_field'), t('ch_success_field_hint'), { autocomplete: 'off' }),
        text('sms.success_value', sms.success_value, t('ch_success_value'), t('ch_success_value_hint'), { autocomplete: 'off' }),
        text('sms.signature', sms.signature, t('ch_signature'), t('ch_signature_hint'), { autocomplete: 'off' }),
        number('sms.max_chars', sms.max_chars, t('ch_max_chars'), t('ch_max_chars_hint'), 10, 1000),
        number('sms.timeout_s', sms.timeout_s, t('ch_timeout_s'), null, 1, 120))),
    h('fieldset', { id: 'ch-set-robots' }, h('legend', null, t('ch_robots_legend')),
      h('p', { class: 'hint' }, t('ch_robots_hint')), robotList, h('p', null, robotAdd)),
    h('fieldset', { id: 'ch-set-delivery' }, h('legend', null, t('ch_delivery_legend')),
      h('div', { class: 'ch-grid' },
        number('delivery.max_attempts', dlv.max_attempts, t('ch_max_attempts'), t('ch_max_attempts_hint'), 1, 50),
        number('delivery.backoff_s', dlv.backoff_s, t('ch_backoff_s'), t('ch_backoff_s_hint'), 1, 86400),
        number('delivery.backoff_max_s', dlv.backoff_max_s, t('ch_backoff_max_s'), null, 1, 604800),
        number('delivery.webhook_timeout_s', dlv.webhook_timeout_s, t('ch_webhook_timeout_s'), null, 1, 120))),
    h('fieldset', { id: 'ch-set-mailgate' }, h('legend', null, t('ch_mailgate_legend')),
      h('div', { class: 'ch-grid' },
        number('mailgate.max_message_bytes', mg.max_message_bytes, t('ch_max_message_bytes'), t('ch_max_message_bytes_hint'), 1024, 209715200),
        number('mailgate.max_attachment_bytes', mg.max_attachment_bytes, t('ch_max_attachment_bytes'), null, 1024, 104857600),
        number('mailgate.max_attachments', mg.max_attachments, t('ch_max_attachments'), null, 0, 200),
        h('div', { class: 'ch-wide' }, text('mailgate.trusted_authserv_id', mg.trusted_authserv_id, t('ch_trusted_authserv_id'), t('ch_trusted_authserv_id_hint'), { autocomplete: 'off' })))),
    h('div', { class: 'ch-save' }, msg, save));

  // Reads the form as the API takes it, the whole setting (a PUT replaces
  // it); what the page can tell is wrong goes to bad instead.
  function read(bad) {
    const s = (path) => ctl[path].value.trim() || null;
    const n = (path) => {
      const el = ctl[path];
      if (el.validity.badInput || (el.value !== '' && !/^-?\d+$/.test(el.value.trim()))) bad.push({ el, text: t('ch_err_number') });
      return el.value === '' ? null : Number(el.value);
    };
    const hdrs = {};
    for (const line of headers.value.split('\n')) {
      if (!line.trim()) continue;
      const at = line.indexOf(':');
      if (at <= 0) { bad.push({ el: headers, text: t('ch_err_headers') }); break; }
      hdrs[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    let json = null;
    if (body.value.trim()) {
      try { json = JSON.parse(body.value); } catch { bad.push({ el: body, text: t('ch_err_json') }); }
    }
    return {
      company: s('company'),
      portal_url: s('portal_url'),
      email: {
        enabled: ctl['email.enabled'].checked, relay: s('email.relay'), starttls: tls.value,
        username: s('email.username'), from: s('email.from'), reply_to: s('email.reply_to'),
        ca_file: s('email.ca_file'), timeout_s: n('email.timeout_s'),
      },
      sms: {
        enabled: ctl['sms.enabled'].checked, url: s('sms.url'), method: method.value, headers: hdrs,
        format: format.value, body: json, success_field: s('sms.success_field'),
        success_value: s('sms.success_value'), signature: s('sms.signature'),
        max_chars: n('sms.max_chars'), timeout_s: n('sms.timeout_s'),
      },
      delivery: {
        max_attempts: n('delivery.max_attempts'), backoff_s: n('delivery.backoff_s'),
        backoff_max_s: n('delivery.backoff_max_s'), webhook_timeout_s: n('delivery.webhook_timeout_s'),
      },
      mailgate: {
        max_message_bytes: n('mailgate.max_message_bytes'), max_attachment_bytes: n('mailgate.max_attachment_bytes'),
        max_attachments: n('mailgate.max_attachments'), trusted_authserv_id: s('mailgate.trusted_authserv_id'),
      },
      robots: rows.map((r) => r.read()),
    };
  }

  // "robots[2].url": that robot's control; "email.relay": the relay's
  const controlFor = (name) => {
    const m = /^robots\[(\d+)\](?:\.(\w+))?/.exec(name || '');
    if (m) {
      const r = rows[Number(m[1])];
      return r ? r.controls[m[2]] || r.controls.name : null;
    }
    return ctl[name] || null;
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    for (const el of [...Object.values(ctl), ...rows.flatMap((r) => Object.values(r.controls))]) fieldError(el, '');
    const bad = [];
    const settings = read(bad);
    if (bad.length) { showLocal(bad); return; }
    save.disabled = true;
    try {
      view.state.cfg = await put('/api/v1/channels', settings);
      toast(t('saved'));
      drawSettings(view);
      drawSecrets(view);
      document.getElementById('ch-save').focus();
    } catch (e) {
      save.disabled = false;
      showRefusal(e, controlFor, msg);
    }
  });
  clear(view.settingsBox, form);
}

/* The secrets: their names and when each was set, a form to set one
 * (its value never shown again), and the names the settings use that
 * have none. */
function drawSecrets(view) {
  const { state } = view;
  const set = new Set(state.secrets.map((s) => s.name));
  const missing = secretsNamed(state.cfg).filter((n) => !set.has(n));
  const reload = async () => {
    state.secrets = (await get('/api/v1/channels/secrets')).items || [];
    drawSecrets(view);
  };
  const name = h('input', { id: 'ch-secret-name', autocomplete: 'off', spellcheck: 'false', list: 'ch-secret-names' });
  const value = h('input', { id: 'ch-secret-value', type: 'password', autocomplete: 'new-password' });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', id: 'ch-secret-save' }, t('ch_secret_set'));
  const form = h('form', { id: 'ch-secret-form', class: 'ch-inline', novalidate: true },
    field(t('ch_secret_name'), name), field(t('ch_secret_value'), value), h('div', { class: 'field' }, save), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    fieldError(name, '');
    fieldError(value, '');
    const n = name.value.trim();
    const bad = [];
    if (!SECRET_NAME.test(n)) bad.push({ el: name, text: n ? t('ch_err_secret_name') : t('err_reason.required') });
    if (!value.value) bad.push({ el: value, text: t('err_reason.required') });
    if (bad.length) { showLocal(bad); return; }
    save.disabled = true;
    try {
      await put(`/api/v1/channels/secrets/${encodeURIComponent(n)}`, { value: value.value });
      value.value = '';
      toast(t('saved'));
      await reload();
      document.getElementById('ch-secret-name').focus();
    } catch (e) {
      save.disabled = false;
      showRefusal(e, (f) => ({ name, value }[f] || null), msg);
    }
  });
  const rows = state.secrets.map((s) => h('tr', { dataset: { secret: s.name } },
    h('th', { scope: 'row' }, h('code', null, s.name)),
    h('td', null, fmtTime(s.updated_at)),
    h('td', null, deleteButton('link ch-delete', t('ch_secret_delete', { name: s.name }), async () => {
      await del(`/api/v1/channels/secrets/${encodeURIComponent(s.name)}`);
      toast(t('saved'));
      await reload();
    }))));
  // the names one may mean: those set and those the settings use
  const names = h('datalist', { id: 'ch-secret-names' },
    [...new Set([...state.secrets.map((s) => s.name), ...secretsNamed(state.cfg)])].map((n) => h('option', { value: n })));
  clear(view.secretsBox,
    h('h2', { id: 'ch-secrets-h' }, t('ch_secrets')), h('p', { class: 'hint' }, t('ch_secrets_hint')),
    missing.length ? h('p', { class: 'ch-missing', id: 'ch-secrets-missing' }, phrase('ch_secret_missing', { names: missing.join(t('ch_list_sep')) })) : null,
    state.secrets.length
      ? h('table', { class: 'queue ch-table', id: 'ch-secret-list' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('ch_secret_name')), h('th', { scope: 'col' }, t('ch_secret_updated')),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('delete'))))),
        h('tbody', null, rows))
      : h('p', { class: 'hint', id: 'ch-secret-list' }, t('ch_no_secrets')),
    form, names);
}

/* The webhooks: the list with what can be done to each, a form to add
 * one, and a signing secret where the server just gave one. */
function drawHooks(view, shown) {
  const { state } = view;
  const reload = async (given) => {
    state.hooks = (await get('/api/v1/webhooks')).items || [];
    drawHooks(view, given);
  };
  // each act on a webhook: its button off while the server answers
  const act = (fn) => async (ev) => {
    ev.target.disabled = true;
    try { await fn(); } catch (e) { ev.target.disabled = false; fail(e); }
  };
  const rows = state.hooks.map((w) => h('tr', { dataset: { webhook: w.id, active: String(!!w.active) } },
    h('td', { class: 'ch-url' }, w.url),
    h('td', { class: 'ch-desc' }, w.description || ''),
    h('td', null, (w.events || []).map(hookEventWords).join(t('ch_list_sep'))),
    h('td', { class: 'ch-state' }, t(w.active ? 'ch_wh_active' : 'ch_wh_inactive')),
    h('td', { class: 'ch-acts' },
      h('button', {
        type: 'button', class: 'ch-toggle',
        onclick: act(async () => {
          await patch(`/api/v1/webhooks/${w.id}`, { active: !w.active });
          toast(t('saved'));
          await reload();
          const again = document.querySelector(`#ch-webhook-list tr[data-webhook="${w.id}"] .ch-toggle`);
          if (again) again.focus();
        }),
      }, t(w.active ? 'ch_wh_deactivate' : 'ch_wh_activate')),
      h('button', {
        type: 'button', class: 'ch-rotate',
        onclick: act(async () => {
          const r = await patch(`/api/v1/webhooks/${w.id}`, { rotate_secret: true });
          await reload({ url: r.url, secret: r.secret });
        }),
      }, t('ch_wh_rotate')),
      deleteButton('ch-delete', t('ch_wh_delete', { url: w.url }), async () => {
        await del(`/api/v1/webhooks/${w.id}`);
        toast(t('saved'));
        await reload();
      }))));

  const url = h('input', { id: 'ch-wh-url', type: 'url', autocomplete: 'off', spellcheck: 'false' });
  const description = h('input', { id: 'ch-wh-description', autocomplete: 'off' });
  const all = h('input', { type: 'checkbox', id: 'ch-wh-events-all', value: '*', checked: true });
  const events = choices('ch-wh-events', HOOK_EVENTS, [], hookEventWords);
  events.prepend(h('label', { class: 'check', for: all.id }, all, ' ', t('ch_wh_all')));
  // every notice, or those chosen
  const some = () => { for (const b of events.querySelectorAll('input:not(#ch-wh-events-all)')) b.disabled = all.checked; };
  all.addEventListener('change', some);
  some();
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const add = h('button', { type: 'submit', class: 'primary', id: 'ch-wh-add' }, t('ch_wh_add'));
  const form = h('form', { id: 'ch-wh-form', novalidate: true },
    h('h3', null, t('ch_wh_new')),
    h('div', { class: 'ch-grid' },
      h('div', { class: 'ch-wide' }, field(t('ch_wh_url'), url, t('ch_wh_url_hint'))),
      h('div', { class: 'ch-wide' }, field(t('ch_wh_description'), description))),
    field(t('ch_wh_events'), events), msg, add);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    for (const el of [url, description, events]) fieldError(el, '');
    if (!url.value.trim()) { showLocal([{ el: url, text: t('err_reason.required') }]); return; }
    add.disabled = true;
    try {
      const r = await post('/api/v1/webhooks', {
        url: url.value.trim(), description: description.value.trim() || null,
        events: all.checked ? ['*'] : chosenOf(events).filter((k) => k !== '*'),
      });
      toast(t('saved'));
      await reload({ url: r.url, secret: r.secret });
    } catch (e) {
      add.disabled = false;
      showRefusal(e, (f) => ({ url, description, events }[f] || null), msg);
    }
  });

  // the secret the server just gave, this once
  const given = shown && shown.secret
    ? h('div', { class: 'card ch-given', id: 'ch-webhook-secret', role: 'status', tabindex: '-1' },
      h('p', null, phrase('ch_wh_secret', { url: shown.url })),
      h('p', null, h('code', { class: 'secret', id: 'ch-webhook-secret-value' }, shown.secret)),
      h('p', { class: 'hint' }, t('ch_wh_secret_once')))
    : null;
  clear(view.hooksBox,
    h('h2', { id: 'ch-webhooks-h' }, t('ch_webhooks')), h('p', { class: 'hint' }, t('ch_webhooks_hint')),
    given,
    state.hooks.length
      ? h('table', { class: 'queue ch-table', id: 'ch-webhook-list' },
        h('thead', null, h('tr', null, [t('ch_wh_url'), t('ch_wh_description'), t('ch_wh_events'), t('ch_wh_state'), t('ch_wh_actions')]
          .map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', null, rows))
      : h('p', { class: 'hint', id: 'ch-webhook-list' }, t('ch_no_webhooks')),
    form);
  if (given) given.focus();
}

/* --- the notice templates ------------------------------------------------------ */

/* The words of key in language l (a template's, not the page's). */
const wordsIn = (key, l) => {
  const row = words()[key];
  return row ? row[LANGS.indexOf(l)] ?? row[0] : key;
};

/* A template's text with sample values, as a customer of language l
 * would read it; {{ and }} are braces. */
function render(text, sample) {
  return String(text || '').replace(/\{\{|\}\}|\{(\w+)\}/g, (m, name) =>
    (m === '{{' ? '{' : m === '}}' ? '}' : name in sample ? sample[name] : m));
}

function sampleOf(l, cfg) {
  const base = String(cfg.portal_url || 'https://kesu.example.com').replace(/\/+$/, '');
  const w = (k) => wordsIn(`tpl_sample_${k}`, l);
  return {
    tracking_no: 'KS2612020003', customer_name: w('customer_name'), status: w('status'),
    reason: w('reason'), status_url: `${base}/status/KS2612020003#t=…`, survey_url: `${base}/status/KS2612020003#t=…`,
    company: cfg.company || w('company'), department: w('department'), task: w('task'),
    due: '2026-12-05 18:00', progress: w('progress'), next_contact: '2026-12-03 10:00',
    original: 'KS2612010001', period: w('period'),
    buyer: w('buyer'), order_ref: 'E2026120100123', platform: w('platform'),
    link: 'https://club.jd.com/r/100012043978', product: w('product'),
  };
}

const tplHash = (k, l, c) => `#/admin/templates?kind=${k}&language=${l}&channel=${c}`;
const tplName = (k, l, c) => t('tpl_title', { kind: kindWords(k), language: LANG_NAMES[l], channel: t(`tpl_ch_${c}`) });

export async function templatesView(root, q = new URLSearchParams()) {
  const [list, cfg] = await Promise.all([get('/api/v1/templates'), get('/api/v1/channels')]);
  const items = list.items || [];
  const kinds = [...new Set(items.map((x) => x.kind))];
  const channelsOf = (k, l) => items.filter((x) => x.kind === k && x.language === l).map((x) => x.channel);
  let kind = kinds.includes(q.get('kind')) ? q.get('kind') : kinds[0];
  let language = LANGS.includes(q.get('language')) ? q.get('language') : lang();
  let channel = channelsOf(kind, language).includes(q.get('channel')) ? q.get('channel') : channelsOf(kind, language)[0];

  // the picker: which template to open
  const kindSel = select({ id: 'tpl-kind' }, kinds.map((k) => [k, kindWords(k)]), kind);
  const langSel = select({ id: 'tpl-language' }, LANGS.map((l) => [l, LANG_NAMES[l]]), language);
  const chanSel = h('select', { id: 'tpl-channel' });
  // a kind e-mailed only (a department's task, the report) offers no SMS
  const offer = () => {
    const have = channelsOf(kindSel.value, langSel.value);
    const was = chanSel.value || channel;
    clear(chanSel, have.map((c) => h('option', { value: c, selected: c === was }, t(`tpl_ch_${c}`))));
  };
  kindSel.addEventListener('change', offer);
  langSel.addEventListener('change', offer);
  offer();
  const pick = h('form', { id: 'tpl-pick', class: 'ch-inline', novalidate: true },
    field(t('tpl_kind'), kindSel), field(t('tpl_language'), langSel), field(t('tpl_channel'), chanSel),
    h('div', { class: 'field' }, h('button', { type: 'submit', id: 'tpl-open' }, t('tpl_open'))));
  const customised = h('section', { id: 'tpl-customised', 'aria-labelledby': 'tpl-customised-h' });
  const editor = h('section', { id: 'tpl-editor', 'aria-labelledby': 'tpl-editor-h' });

  function drawCustomised() {
    const mine = items.filter((x) => x.custom);
    clear(customised, h('h2', { id: 'tpl-customised-h' }, t('tpl_customised')),
      mine.length
        ? h('ul', { class: 'ch-links' }, mine.map((x) => h('li', null,
          h('a', { href: tplHash(x.kind, x.language, x.channel), dataset: { template: `${x.kind}/${x.language}/${x.channel}` } },
            tplName(x.kind, x.language, x.channel)))))
        : h('p', { class: 'hint' }, t('tpl_none_customised')));
  }

  // The editor of one template: tpl is what is in force, builtin the
  // built-in wording beside it.
  function drawEditor(tpl, builtin) {
    const email = tpl.channel === 'email';
    const subject = email ? h('input', { id: 'tpl-subject', value: tpl.subject || '', lang: tpl.language }) : null;
    const body = h('textarea', { id: 'tpl-body', rows: email ? '14' : '5', value: tpl.body || '', lang: tpl.language });
    const sample = sampleOf(tpl.language, cfg);
    const preview = h('pre', { class: 'ch-text', id: 'tpl-preview', lang: tpl.language });
    const length = email ? null : h('p', { class: 'hint', id: 'tpl-length', 'aria-live': 'polite' });
    const msg = h('p', { class: 'form-error', role: 'alert' });
    let last = body; // where a placeholder goes in: the box last in focus
    const update = () => {
      const text = render(body.value, sample);
      setText(preview, email ? `${render(subject.value, sample)}\n\n${text}` : text);
      if (length) {
        const sms = cfg.sms || {};
        const n = [...`${sms.signature || ''}${text}`].length;
        const max = sms.max_chars || 300;
        setText(length, n > max ? `${t('tpl_sms_length', { n, max })}：${t('tpl_sms_over')}` : t('tpl_sms_length', { n, max }));
        length.classList.toggle('ch-over', n > max);
      }
    };
    for (const el of [subject, body].filter(Boolean)) {
      el.addEventListener('focus', () => { last = el; });
      el.addEventListener('input', update);
    }
    const insert = (name) => () => {
      const el = last;
      const at = el.selectionStart ?? el.value.length;
      el.setRangeText(`{${name}}`, at, el.selectionEnd ?? at, 'end');
      el.focus();
      update();
    };
    const places = h('div', { class: 'ch-places', role: 'group', 'aria-labelledby': 'tpl-places-h' },
      h('h3', { id: 'tpl-places-h' }, t('tpl_placeholders')),
      h('p', { class: 'hint' }, t('tpl_placeholders_hint')),
      h('ul', null, PLACEHOLDERS.map((p) => h('li', null,
        h('button', { type: 'button', class: 'ch-place', dataset: { placeholder: p }, onclick: insert(p) }, `{${p}}`),
        ' ', h('span', { class: 'hint' }, t(`tpl_ph_${p}`))))));
    const save = h('button', { type: 'submit', class: 'primary', id: 'tpl-save' }, t('save'));
    const reset = h('button', { type: 'button', id: 'tpl-reset', disabled: !tpl.custom }, t('tpl_reset'));
    const path = `/api/v1/templates/${tpl.kind}/${tpl.language}/${tpl.channel}`;
    // the server's answer is what is in force now: drawn again from it
    const done = (r, note) => {
      const i = items.findIndex((x) => x.kind === r.kind && x.language === r.language && x.channel === r.channel);
      if (i >= 0) items[i] = r;
      toast(note);
      drawCustomised();
      drawEditor(r, builtin);
      document.getElementById('tpl-body').focus();
    };
    const clearErrors = () => {
      setText(msg, '');
      for (const el of [subject, body].filter(Boolean)) fieldError(el, '');
    };
    const form = h('form', { id: 'tpl-form', novalidate: true },
      subject && field(t('tpl_subject'), subject),
      field(t('tpl_body'), body),
      length, places, msg,
      h('p', { class: 'ch-buttons' }, save, ' ', reset));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors();
      save.disabled = true;
      try {
        done(await put(path, email ? { subject: subject.value, body: body.value } : { body: body.value }), t('saved'));
      } catch (e) {
        save.disabled = false;
        showRefusal(e, (f) => ({ subject, body }[f] || null), msg);
      }
    });
    reset.addEventListener('click', async () => {
      clearErrors();
      reset.disabled = true;
      try {
        done(await del(path), t('tpl_reset_done'));
      } catch (e) {
        reset.disabled = false;
        showRefusal(e, () => null, msg);
      }
    });
    const said = tpl.custom
      ? t('tpl_custom', { who: tpl.updated_by || '', when: fmtTime(tpl.updated_at) })
      : t('tpl_builtin_in_force');
    editor.dataset.template = `${tpl.kind}/${tpl.language}/${tpl.channel}`;
    clear(editor,
      h('h2', { id: 'tpl-editor-h' }, tplName(tpl.kind, tpl.language, tpl.channel)),
      h('p', { class: tpl.custom ? 'ch-custom' : 'hint', id: 'tpl-state', dataset: { custom: String(!!tpl.custom) } }, said),
      h('div', { class: 'ch-cols' },
        h('div', null, form),
        h('div', null,
          h('h3', null, t('tpl_preview')), preview,
          h('h3', null, t('tpl_builtin')),
          h('pre', { class: 'ch-text', id: 'tpl-builtin', lang: tpl.language },
            email ? `${builtin.subject || ''}\n\n${builtin.body || ''}` : builtin.body || ''))));
    update();
  }

  async function open(k, l, c) {
    const tpl = await get(`/api/v1/templates/${k}/${l}/${c}`);
    [kind, language, channel] = [k, l, c];
    // the address names the template open, for a reload or a link (unless
    // another page was asked for meanwhile)
    if (location.hash.startsWith('#/admin/templates')) history.replaceState(history.state, '', tplHash(k, l, c));
    drawEditor(tpl, tpl.builtin || {});
  }
  pick.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await open(kindSel.value, langSel.value, chanSel.value);
      document.getElementById('tpl-body').focus();
    } catch (e) { fail(e); }
  });

  drawCustomised();
  if (kind && channel) await open(kind, language, channel);
  clear(root, h('div', { class: 'admin templates' }, adminTabs('templates'),
    h('h1', null, t('adm_templates')), h('p', { class: 'hint' }, t('tpl_hint')),
    pick, editor, customised));
  return null;
}
