import { cleanMessage, type AuthenticationCreds, type BaileysEventEmitter, type WAMessage } from '@whiskeysockets/baileys';
import processMessage from '@whiskeysockets/baileys/lib/Utils/process-message.js';

/**
 * Delivers a received message the way a Baileys socket does after decrypting
 * it: cleans its key, upserts it, then runs Baileys' own processMessage,
 * which emits what the message implies — `messages.reaction` for a reaction,
 * `messages.update` for an edit or a delete for everyone. The simulator and
 * tests get exactly the events a real socket would emit, in its order.
 */
export async function deliverLikeBaileys(
  ev: BaileysEventEmitter,
  message: WAMessage,
  me: { id: string; lid?: string },
  type: 'notify' | 'append' = 'notify',
): Promise<void> {
  cleanMessage(message, me.id, me.lid ?? '');
  ev.emit('messages.upsert', { messages: [message], type });
  // Only the parts of the socket processMessage reads for the messages the simulator makes.
  await processMessage(message, {
    shouldProcessHistoryMsg: false,
    creds: { me: { id: me.id, lid: me.lid } } as AuthenticationCreds,
    ev,
    options: {},
    keyStore: undefined as never,
    signalRepository: undefined as never,
    getMessage: async () => undefined,
  });
}
