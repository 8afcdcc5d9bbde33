/**
 * Where the shared material is: ../shared beside the checkout holds the public log corpus, the
 * whole sessions with their verdicts, and the analyst playbook. Tests read it in place (never
 * copied into the project); the suites that need it skip, and say so, when it is absent (a fresh
 * clone on its own). The one place these paths are written.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED = resolve(import.meta.dirname, '..', '..', '..', 'shared');
export const CORPUS = join(SHARED, 'corpus');
export const SESSIONS = join(CORPUS, 'sessions');
export const PLAYBOOK_FILE = join(SHARED, 'playbook', 'T1550.001.md');
export const HAS_CORPUS = existsSync(CORPUS);
