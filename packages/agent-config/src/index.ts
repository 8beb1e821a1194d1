export * from './agent-config.ts';
export * from './guardrails.ts';
export * from './knowledge-base.ts';
export * from './product-rules.ts';
export * from './reply-templates.ts';
export * from './settings-overrides.ts';
export * from './vocabulary.ts';
