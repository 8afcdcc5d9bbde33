/**
 * Writes events.json, the replica's rows: the CloudTrail records of the bundled demo story
 * (demo/cloudtrail-stolen-keys.ndjson: alice's and bob's normal week, then alice's long-term key
 * used from a DigitalOcean VPS), as one JSON array. Rerun after `npm run demo:generate`:
 * `npx tsx test/replicas/aws-cloudtrail-events/generate.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const lines = readFileSync(join(here, '..', '..', '..', 'demo', 'cloudtrail-stolen-keys.ndjson'), 'utf8')
  .trim()
  .split('\n');
const records: unknown[] = lines.map((l) => JSON.parse(l) as unknown);
writeFileSync(join(here, 'events.json'), JSON.stringify(records) + '\n');
console.log(`events.json: ${records.length} records`);
