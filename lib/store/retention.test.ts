/**
 * Baseline retention as the team's setting (settings baseline.retentionDays, issue 10): the
 * extension's learning keeps that many days, like the CLI's --history (cli/settings-file.test.ts).
 */
// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from '../../test/support/store';
import { afterEach, describe, expect, it } from 'vitest';
import { ev, T0, DAY } from '../../test/support/events';
import { learnEvents, learnedIdCount } from './baselines';
import { BaselineService } from '../messaging/baseline-learning';
import type { TriageDb } from './db';

const opened: TriageDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});
const open = () => {
  const db = fakeIdb().open();
  opened.push(db);
  return db;
};
// One call a day for thirty days, in one account.
const month = Array.from({ length: 30 }, (_, d) =>
  ev({ id: `d${d}`, time: T0 + d * DAY, actor: { id: 'alice', kind: 'human', account: '111122223333' } }),
);
const span = (times: number[]) => (Math.max(...times) - Math.min(...times)) / DAY;

describe('baseline retention setting', () => {
  it('learning keeps retentionDays days when the setting is given, 30 otherwise', async () => {
    const db = open();
    await learnEvents(db, month, undefined, T0, undefined, 7);
    const [file] = await db.baselines.toArray();
    expect(file!.retentionDays).toBe(7);
    expect(span(Object.values(file!.subjects).flatMap((s) => s.times))).toBeLessThanOrEqual(7);
    expect(await learnedIdCount(db)).toBeLessThanOrEqual(8); // the ids of days that left the window are forgotten

    const other = open();
    await learnEvents(other, month, undefined, T0);
    const [dflt] = await other.baselines.toArray();
    expect(dflt!.retentionDays).toBe(30);
    expect(span(Object.values(dflt!.subjects).flatMap((s) => s.times))).toBe(29);
  });

  it("the background's service reads the setting at each learning run", async () => {
    const db = open();
    let days: number | undefined = 10;
    const service = new BaselineService({
      db: async () => db,
      learningEnabled: async () => true,
      intel: () => undefined,
      now: () => T0,
      retentionDays: () => days,
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    service.learnLater(1, () => month.slice(0, 15));
    await service.flush(1);
    expect((await db.baselines.toArray())[0]!.retentionDays).toBe(10);
    days = 3;
    service.learnLater(1, () => month.slice(15));
    await service.flush(1);
    const [file] = await db.baselines.toArray();
    expect(file!.retentionDays).toBe(3);
    expect(span(Object.values(file!.subjects).flatMap((s) => s.times))).toBeLessThanOrEqual(3);
  });
});
