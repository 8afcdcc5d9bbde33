/**
 * `--history DIR` on disk (issue 10): one baseline file per tenant (lib/baseline/baseline-file.ts).
 * Everything is read and checked before anything is written, so a damaged, foreign or newer
 * directory is refused with its reason and left as it was. Files are replaced atomically (written
 * beside, then renamed), so an interrupted save never leaves half a baseline.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BaselineFile, baselineFileName, parseBaselineFile } from '../lib/baseline/baseline-file';

const SUFFIX = '.baseline.json';
const LEFTOVER = /\.baseline\.json\.\d+\.tmp$/;

/** The baselines stored in `dir` (none when it does not exist yet), or why the directory cannot be used. */
export function loadHistoryDir(dir: string): { ok: true; files: BaselineFile[] } | { ok: false; error: string } {
  if (!existsSync(dir)) return { ok: true, files: [] };
  if (!statSync(dir).isDirectory()) return { ok: false, error: `${dir} is not a directory` };
  // A save interrupted between writing and renaming leaves its temporary file: not foreign.
  const entries = readdirSync(dir).filter((f) => !LEFTOVER.test(f));
  const foreign = entries.filter((f) => !f.endsWith(SUFFIX));
  if (foreign.length) {
    return {
      ok: false,
      error:
        `${dir} is not a Token Triage history directory (it holds ${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); ` +
        `name a new or empty directory`,
    };
  }
  const files: BaselineFile[] = [];
  const tenants = new Set<string>();
  for (const name of entries.sort()) {
    const parsed = parseBaselineFile(readFileSync(join(dir, name), 'utf8'), join(dir, name));
    if (!parsed.ok) return parsed;
    if (baselineFileName(parsed.file.tenant) !== name || tenants.has(parsed.file.tenant)) {
      return {
        ok: false,
        error: `${join(dir, name)} holds the baseline of tenant ${parsed.file.tenant}, which belongs in ${baselineFileName(parsed.file.tenant)}`,
      };
    }
    tenants.add(parsed.file.tenant);
    files.push(parsed.file);
  }
  return { ok: true, files };
}

/** Writes each tenant's baseline, replacing the file it had. */
export function saveHistoryDir(dir: string, files: readonly BaselineFile[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const path = join(dir, baselineFileName(f.tenant));
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(f));
    renameSync(tmp, path);
  }
}
