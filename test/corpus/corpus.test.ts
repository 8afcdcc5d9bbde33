/**
 * The engine over real public log samples: every file scans, ≥ 95% of records are read, and
 * the labelled expectations of ../shared/corpus/README.md hold (its
 * sections on panther/, stratus-red-team/, elastic-integrations/, ocsf-examples/ and invictus-mes/). Prints the Panther
 * strict-positive recall and the labelled-negative flag rate.
 */
import { describe, expect, it } from 'vitest';
import { runEngine } from '../../lib/engine/run';
import { severityRank } from '../../lib/engine/types';
import { loadOfflineIntel } from '../../lib/node/load-intel';
import { corpusFiles, pantherLabels, scanFile, type FileScan } from './corpus-support';
import { CORPUS, HAS_CORPUS } from '../support/shared-material';

const flagged = (r: ReturnType<typeof runEngine>) =>
  r.findings.filter((f) => severityRank(f.severity) >= severityRank('medium'));

describe.skipIf(!HAS_CORPUS)(`corpus at ${CORPUS}`, async () => {
  const files = corpusFiles();
  const scans: FileScan[] = [];
  for (const f of files) scans.push(await scanFile(f));
  const intel = HAS_CORPUS ? await loadOfflineIntel() : undefined;

  it('finds the corpus files', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  it('reads at least 95% of all records, and every file at 95% or more', () => {
    let records = 0;
    let parsed = 0;
    const low: string[] = [];
    for (const s of scans) {
      records += s.stats.records;
      parsed += s.stats.parsed;
      if (s.stats.parsed / s.stats.records < 0.95)
        low.push(`${s.file}: ${s.stats.parsed}/${s.stats.records} ${JSON.stringify(s.rejections.slice(0, 3))}`);
    }
    console.log(
      `corpus: ${parsed}/${records} records read (${((100 * parsed) / records).toFixed(1)}%) across ${scans.length} files`,
    );
    expect(low).toEqual([]);
    expect(parsed / records).toBeGreaterThanOrEqual(0.95);
  });

  it('gives every rejection a place and a reason', () => {
    for (const s of scans)
      for (const r of s.rejections) {
        expect(r.ref.length).toBeGreaterThan(0);
        expect(r.reason.length).toBeGreaterThan(5);
      }
  });

  it('flags the Panther strict T1550.001 positives and few labelled negatives, event by event', () => {
    let pos = 0,
      posHit = 0,
      neg = 0,
      negHit = 0;
    const missed: string[] = [];
    const falsePos: string[] = [];
    for (const s of scans.filter((x) => x.file.startsWith('panther/'))) {
      const labels = pantherLabels(`${CORPUS}/${s.file}`);
      labels.forEach((label, i) => {
        if (label.uses_mocks) return;
        const events = s.byRef.get(`${s.file}:${i + 1}`) ?? [];
        const hit = events.length > 0 && flagged(runEngine(events, { intel })).length > 0;
        if (label.t1550_001_strict) {
          pos += 1;
          if (hit) posHit += 1;
          else missed.push(`${s.file}:${i + 1} ${label.rule_id} / ${label.test_name}`);
        } else if (!label.t1550_001_candidate) {
          neg += 1;
          if (hit) {
            negHit += 1;
            falsePos.push(`${s.file}:${i + 1} ${label.rule_id} / ${label.test_name}`);
          }
        }
      });
    }
    console.log(
      `panther strict positives flagged (medium+): ${posHit}/${pos}; labelled negatives flagged: ${negHit}/${neg} (${((100 * negHit) / neg).toFixed(1)}%)`,
    );
    if (missed.length) console.log(`missed:\n  ${missed.join('\n  ')}`);
    if (falsePos.length) console.log(`negatives flagged:\n  ${falsePos.slice(0, 40).join('\n  ')}`);
    expect(pos).toBe(19);
    // The bar of issue 13 ("Verdicts that hold on real sessions"): at least 17 of 19, negatives at
    // most 2%. Measured 18/19 and 20/1206; the miss is Panther's GraphSessionMultipleIPs, whose
    // second IP lives in the rule's cache, not in the event.
    expect(posHit).toBeGreaterThanOrEqual(17);
    expect(negHit / neg).toBeLessThanOrEqual(0.02);
  });

  const scanOf = (suffix: string): FileScan => {
    const s = scans.find((x) => x.file.endsWith(suffix));
    if (!s) throw new Error(`missing corpus file ${suffix}`);
    return s;
  };

  it('does not escalate on the Stratus Red Team CloudTrail (attacks, but not T1550.001)', () => {
    for (const s of scans.filter((x) => x.file.startsWith('stratus-red-team/'))) {
      expect(runEngine(s.events, { intel }).verdict, s.file).not.toBe('escalate');
    }
  });

  it('raises nothing on the Invictus Graph exports (benign lab tenant, empty IPs)', () => {
    for (const s of scans.filter((x) => x.file.startsWith('invictus-mes/'))) {
      const r = runEngine(s.events, { intel });
      expect(r.verdict, s.file).toBe('benign');
      expect(flagged(r), s.file).toEqual([]);
    }
  });

  it('fires token minting on GCP GenerateAccessToken, without escalating', () => {
    const r = runEngine(scanOf('gcp_audit_iamcredentials_GenerateAccessToken.ndjson').events, { intel });
    expect(r.findings.map((f) => f.indicator)).toContain('token-minting');
    expect(r.verdict).not.toBe('escalate');
  });

  it('keeps the low-privilege Workspace add-on grant at info', () => {
    const r = runEngine(scanOf('gws_token_authorize.ndjson').events, { intel });
    const consent = r.findings.filter((f) => f.indicator === 'oauth-consent');
    expect(consent.map((f) => f.severity)).toEqual(['info']);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.verdict).toBe('benign');
  });

  it('raises nothing on one Okta user with one IP and UA, or on the Entra portal non-interactive sign-ins', () => {
    for (const f of ['okta_system_first3.ndjson', 'entra_noninteractive_signin_eventhub_first3.ndjson']) {
      const r = runEngine(scanOf(f).events, { intel });
      expect(r.verdict, f).toBe('benign');
      expect(flagged(r), f).toEqual([]);
    }
  });

  it('fires new-auth-material on the Okta API token creation, reads the ThreatInsight verdict, and stays quiet on the rest', () => {
    const token = runEngine(scanOf('Okta_v1.3.0_System_Logs_API_Activity_generic_api_activity.raw').events, { intel });
    expect(token.findings.map((f) => f.indicator)).toContain('new-auth-material');
    expect(token.verdict).not.toBe('escalate');
    // ocsf-examples/ (corpus README): a vendor verdict event, there to test that vendor verdicts are parsed; not T1550.001 on its own.
    const threat = runEngine(scanOf('Okta_v1.3.0_System_Logs_Detection_Finding_detection_finding.raw').events, {
      intel,
    });
    expect(threat.findings.map((f) => f.indicator)).toContain('vendor-risk');
    expect(threat.verdict).not.toBe('escalate');
    const quiet = scans.filter(
      (x) => x.file.startsWith('ocsf-examples/') && !/API_Activity_generic|Detection_Finding/.test(x.file),
    );
    expect(quiet).toHaveLength(9);
    for (const s of quiet) expect(flagged(runEngine(s.events, { intel })), s.file).toEqual([]);
  });
});
