// One message of the simulator's phone screen. Built element by element:
// only textContent ever carries what the server sent, since message text is
// written by anyone (leads, the AI agent, consultants).

/** What each status looks like; the lead's own messages are RECEIVED once the session has them. */
const TICKS = {
  PENDING: { glyph: '🕓', label: 'pendente', className: 'ticks pending' },
  SENT: { glyph: '✓', label: 'enviada', className: 'ticks' },
  DELIVERED: { glyph: '✓✓', label: 'entregue', className: 'ticks' },
  READ: { glyph: '✓✓', label: 'lida', className: 'ticks read' },
  RECEIVED: { glyph: '✓✓', label: 'entregue', className: 'ticks' },
};

const MEDIA_LABELS = { image: '📷 Imagem', video: '🎬 Vídeo', audio: '🎤 Áudio', document: '📄 Documento' };

const timeFormat = new Intl.DateTimeFormat('pt-BR', { hour: '2-digit', minute: '2-digit' });

export function mediaKindOf(mime) {
  const top = mime.split('/')[0].trim().toLowerCase();
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'document';
}

export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace('.', ',')} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

function element(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

/** A new bubble for a message; `update` fills in what can change. */
export function bubble(message) {
  const li = element('li', `bubble ${message.direction === 'IN' ? 'mine' : 'theirs'}`);
  // The lead's own messages (IN to the session) are on the right, as on their phone.
  li.dataset.id = message.id;
  li.dataset.direction = message.direction;
  if (message.media) {
    const media = element('p', 'media');
    const name = message.media.fileName ? ` ${message.media.fileName}` : '';
    media.textContent = `${MEDIA_LABELS[mediaKindOf(message.media.mime)]}${name} · ${formatSize(message.media.size)}`;
    li.append(media);
  }
  const text = element('p', 'text');
  const meta = element('p', 'meta');
  if (message.direction === 'OUT') {
    const session = element('span', 'session');
    session.textContent = message.session;
    meta.append(session);
  }
  const edited = element('span', 'edited');
  edited.textContent = 'editada';
  const time = element('time');
  const at = new Date(message.at);
  time.dateTime = message.at;
  time.textContent = Number.isNaN(at.getTime()) ? '' : timeFormat.format(at);
  const ticks = element('span');
  meta.append(edited, time, ticks);
  const reaction = element('span', 'reaction');
  li.append(text, meta, reaction);
  return { li, text, edited, ticks, reaction, seen: {} };
}

/** Brings a bubble up to date: receipts, and what the lead did to it later (edit, delete, react). */
export function update(item, message) {
  const seen = item.seen;
  const shown = message.deleted ? 'Mensagem apagada' : (message.text ?? '');
  if (seen.text !== shown) {
    item.text.textContent = shown;
    item.text.hidden = shown === '';
    item.li.classList.toggle('deleted', Boolean(message.deleted));
    seen.text = shown;
  }
  item.edited.hidden = !message.edited || Boolean(message.deleted);
  const reaction = typeof message.reaction === 'string' ? message.reaction : '';
  if (seen.reaction !== reaction) {
    item.reaction.textContent = reaction;
    item.reaction.hidden = reaction === '';
    seen.reaction = reaction;
  }
  if (seen.status !== message.status) {
    const look = TICKS[message.status] ?? { glyph: '?', label: String(message.status), className: 'ticks' };
    item.li.dataset.status = message.status;
    item.ticks.className = look.className;
    item.ticks.textContent = look.glyph;
    item.ticks.title = look.label;
    item.ticks.setAttribute('aria-label', look.label);
    seen.status = message.status;
  }
}
