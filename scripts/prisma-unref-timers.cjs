// Preloaded into the Prisma CLI by prisma.mjs. Prisma 6.19's WebAssembly schema
// engine leaves a 10 s timer (its advisory-lock timeout) running after
// `migrate deploy` has finished, so every deploy takes 10 s longer than its
// work. Unref'd timers still fire while the CLI runs; they just don't keep it
// alive once it is done.
const { setTimeout: original } = globalThis;
globalThis.setTimeout = function setTimeout(fn, ms, ...args) {
  const timer = original(fn, ms, ...args);
  if (typeof ms === 'number' && ms >= 5000 && typeof timer?.unref === 'function') timer.unref();
  return timer;
};
