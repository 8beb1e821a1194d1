// The simulator's phone screen: a person chats as a lead through the
// simulator's own HTTP API (same origin). Plain DOM, no build step. Message
// text is written by anyone (leads, the AI agent, consultants), so it only
// ever reaches the page through textContent (see phone-page-bubble.js).
import { bubble, formatSize, mediaKindOf, update } from './phone-page-bubble.js';

const POLL_MS = 1_000;
// Mirrors MAX_SIM_MEDIA_BYTES in http-api.ts; the server checks it again.
const MAX_MEDIA_BYTES = 16 * 1024 * 1024;
const LEAD_KEY = 'leadwire.simulator.lead';
const RECENT_KEY = 'leadwire.simulator.recent';
const MAX_RECENT = 8;

const $ = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
};

function storage() {
  try {
    return window.localStorage;
  } catch {
    // Some privacy modes refuse storage: the page still works, it just forgets.
    return null;
  }
}

function load(key, fallback) {
  try {
    const value = JSON.parse(storage()?.getItem(key) ?? 'null');
    return value ?? fallback;
  } catch {
    return fallback;
  }
}

function save(key, value) {
  try {
    storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // Full or refused storage only costs the memory of the last lead.
  }
}

const isLead = (value) => typeof value?.phone === 'string' && value.phone !== '' && typeof value.name === 'string';

function readAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () => resolve(String(reader.result).replace(/^data:[^,]*,/, '')));
    reader.addEventListener('error', () => reject(reader.error ?? new Error('could not read the file')));
    reader.readAsDataURL(file);
  });
}

async function errorOf(res) {
  const body = await res.json().catch(() => null);
  return typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`;
}

function showError(element, message) {
  element.textContent = message ?? '';
  element.hidden = !message;
}

function start() {
  const setup = $('setup');
  const chat = $('chat');
  const thread = $('thread');
  const text = $('text');
  const file = $('file');
  const sendButton = $('send');
  const connection = $('connection');

  let lead = null;
  // Each opened conversation gets a number: replies to an older one's requests are dropped.
  let generation = 0;
  let timer = null;
  let rendered = new Map();
  let attachment = null;

  function renderRecent() {
    const recent = load(RECENT_KEY, []).filter(isLead);
    const list = $('recent-list');
    list.replaceChildren(
      ...recent.map((entry) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = entry.name ? `${entry.name} · ${entry.phone}` : entry.phone;
        button.addEventListener('click', () => void open(entry));
        li.append(button);
        return li;
      }),
    );
    $('recent').hidden = recent.length === 0;
  }

  function showSetup() {
    generation += 1;
    clearTimeout(timer);
    lead = null;
    chat.hidden = true;
    setup.hidden = false;
    const last = load(LEAD_KEY, null);
    if (isLead(last)) {
      $('setup-phone').value = last.phone;
      $('setup-name').value = last.name;
    }
    renderRecent();
  }

  function render(messages) {
    const nearBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 48;
    let added = false;
    for (const message of messages) {
      const key = `${message.direction}:${message.id}`;
      let item = rendered.get(key);
      if (!item) {
        item = bubble(message);
        rendered.set(key, item);
        thread.append(item.li);
        added = true;
      }
      update(item, message);
    }
    if (added && nearBottom) thread.scrollTop = thread.scrollHeight;
  }

  async function poll(mine) {
    try {
      const res = await fetch(`/simulator/messages?phone=${encodeURIComponent(lead.phone)}`, { cache: 'no-store' });
      if (mine !== generation) return;
      if (!res.ok) throw new Error(await errorOf(res));
      render((await res.json()).messages);
      connection.textContent = 'online';
      connection.classList.remove('offline');
    } catch {
      if (mine !== generation) return;
      connection.textContent = 'sem conexão com o simulador';
      connection.classList.add('offline');
    } finally {
      if (mine === generation) {
        clearTimeout(timer);
        timer = setTimeout(() => void poll(mine), POLL_MS);
      }
    }
  }

  /** Opens a lead's conversation once the simulator accepts the number. */
  async function open(entry) {
    const errorBox = $('setup-error');
    showError(errorBox, null);
    let res;
    try {
      res = await fetch(`/simulator/messages?phone=${encodeURIComponent(entry.phone)}`, { cache: 'no-store' });
    } catch {
      return showError(errorBox, 'O simulador não respondeu. O conector está rodando?');
    }
    if (!res.ok) return showError(errorBox, res.status === 400 ? 'Telefone inválido.' : await errorOf(res));
    save(LEAD_KEY, entry);
    save(RECENT_KEY, [entry, ...load(RECENT_KEY, []).filter((r) => isLead(r) && r.phone !== entry.phone)].slice(0, MAX_RECENT));

    generation += 1;
    lead = entry;
    rendered = new Map();
    thread.replaceChildren();
    $('chat-name').textContent = entry.name || entry.phone;
    $('chat-phone').textContent = entry.name ? entry.phone : '';
    connection.textContent = '';
    setup.hidden = true;
    chat.hidden = false;
    render((await res.json()).messages);
    thread.scrollTop = thread.scrollHeight;
    text.focus();
    timer = setTimeout(() => void poll(generation), POLL_MS);
  }

  function setAttachment(selected) {
    attachment = selected;
    $('attachment-name').textContent = selected ? `${selected.name} · ${formatSize(selected.size)}` : '';
    $('attachment').hidden = !selected;
    if (!selected) file.value = '';
  }

  async function send() {
    const errorBox = $('send-error');
    showError(errorBox, null);
    const caption = text.value.trim();
    if (!lead || (!caption && !attachment)) return;
    const body = { from: lead.phone, name: lead.name || undefined, text: caption || undefined };
    const mime = attachment ? attachment.type || 'application/octet-stream' : null;
    if (attachment && attachment.size > MAX_MEDIA_BYTES) return showError(errorBox, `O arquivo passa de ${formatSize(MAX_MEDIA_BYTES)}.`);
    if (mime && mediaKindOf(mime) === 'audio' && caption) return showError(errorBox, 'Áudio não leva legenda: envie o texto à parte.');
    const mine = generation;
    sendButton.disabled = true;
    try {
      if (attachment) {
        // WhatsApp carries a file name on documents only.
        const fileName = mediaKindOf(mime) === 'document' ? attachment.name : undefined;
        body.media = { base64: await readAsBase64(attachment), mime, fileName };
      }
      const res = await fetch('/simulator/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) return showError(errorBox, `Não foi enviada: ${await errorOf(res)}`);
      if (mine !== generation) return;
      text.value = '';
      setAttachment(null);
      thread.scrollTop = thread.scrollHeight;
      clearTimeout(timer);
      await poll(mine);
    } catch {
      showError(errorBox, 'Não foi enviada: o arquivo não pôde ser lido ou o simulador não respondeu.');
    } finally {
      sendButton.disabled = false;
    }
  }

  $('setup-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const phone = $('setup-phone').value.trim();
    if (phone) void open({ phone, name: $('setup-name').value.trim() });
  });
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  $('back').addEventListener('click', showSetup);
  file.addEventListener('change', () => setAttachment(file.files?.[0] ?? null));
  $('attachment-clear').addEventListener('click', () => setAttachment(null));

  showSetup();
  // Back where the person left off; a number the simulator now refuses leaves them on the setup form.
  const last = load(LEAD_KEY, null);
  if (isLead(last)) void open(last);
}

start();
