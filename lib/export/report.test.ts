/**
 * The CLI's two outputs over a hand-built engine result: what they say about evidence whose
 * record had no readable time, and that log text cannot steer the terminal.
 */
import { describe, expect, it } from 'vitest';
import { ev, T0 } from '../../test/support/events';
import { findingFrom } from '../engine/finding';
import { decide } from '../engine/verdict';
import type { EngineResult } from '../engine/run';
import { emptyStats } from '../sources/read-events';
import type { TokenEvent } from '../model/token-event';
import { textReport } from './text-report';
import { toScanJson } from './scan-json';

const untimed = ev({ id: 'no-time-1', time: 0, timeKnown: false, source: { ip: '203.0.113.9' }, action: { name: 'GetFederationToken' } });
const timed = ev({ id: 'timed-1', time: T0, source: { ip: '203.0.113.9' }, action: { name: 'GetFederationToken' } });

function resultOf(proof: TokenEvent[]): EngineResult {
  const findings = [findingFrom('token-minting', { severity: 'high', title: 'minted', detail: 'minted.' }, proof)];
  return { findings, errors: [], noCaller: 0, ...decide(findings) };
}

function report(proof: TokenEvent[]): string {
  const byId = new Map(proof.map((e) => [e.id, e]));
  return textReport({ result: resultOf(proof), stats: emptyStats(), rejections: [], eventById: (id) => byId.get(id), files: ['x.json'] });
}

describe('evidence without a readable time', () => {
  it('the report says the time is unknown instead of printing 1970', () => {
    const out = report([untimed, timed]);
    expect(out).toMatch(/↳ time unknown {2}GetFederationToken .*\[no-time-1\]/);
    expect(out).toContain(`↳ ${new Date(T0).toISOString()}  GetFederationToken`);
    expect(out).not.toContain('1970-');
  });

  it('the JSON gives the first known time, and null when no evidence record has one', () => {
    const stats = emptyStats();
    expect(toScanJson(resultOf([untimed, timed]), stats, []).findings[0]!.time).toBe(new Date(T0).toISOString());
    expect(toScanJson(resultOf([untimed]), stats, []).findings[0]!.time).toBeNull();
  });
});
