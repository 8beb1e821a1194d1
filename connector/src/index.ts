// Leadwire's WhatsApp connector. It will run two Baileys sessions, ingest each
// lead's message exactly once through a PostgreSQL outbox into the messaging
// subgraph (recordInboundMessage), send what queuedMessages holds at a safe
// pace, and report receipts (updateMessageStatus); a simulator will stand in
// for WhatsApp in tests.
//
// What exists now is the foundation: one ordered `ev.process` dispatcher with
// one small handler per event type, the pure message and receipt mappers, and
// the upsert/update handlers with ingest and status updates injected.
export { createEventDispatcher, type DispatchLog, type EventHandlers } from './events/dispatcher.ts';
export { createMessageHandlers, type MessageHandlerDeps } from './inbound/handlers.ts';
export { MAX_BODY, toInboundMessage, type InboundMessage, type InboundType } from './inbound/map-message.ts';
export { toMessageStatus, type MessageStatus } from './outbound/receipt-status.ts';
