#!/usr/bin/env node
// First step of `npm start` and `npm test`: a fresh clone installs its
// dependencies here, so the README's two commands are all a newcomer runs.
// Plain Node on purpose: nothing else is installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

const fresh = !existsSync(marker);
const stale = !fresh && statSync(lock).mtimeMs > statSync(marker).mtimeMs;
if (fresh || stale) {
  console.log(fresh ? 'Installing dependencies (first run)…' : 'package-lock.json changed: updating dependencies…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, [fresh ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
