// @vitest-environment jsdom
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Sidebar } from './Sidebar';
import { AnalysisPanel } from './AnalysisPanel';
import { rowHeight } from './EvidenceTable';
import { ImportPanel } from './ImportPanel';
import { OptionsView } from './OptionsView';
import { createPageBadge } from '../lib/messaging/page-badge';
import type { AnalysisView } from '../lib/analysis/analyse';
import type { TabView } from '../lib/messaging/tab-state';

const EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

const analysis: AnalysisView = {
  verdict: 'escalate',
  reasons: [`Token used from unfamiliar or risky locations: ${EVIL}`],
  findings: [
    {
      indicator: 'suspicious-client',
      severity: 'high',
      title: `Suspicious client ${EVIL}`,
      detail: `user agent ${EVIL}`,
      time: Date.UTC(2024, 0, 2),
      identities: [EVIL],
      tokens: ['AKIA-EVIL'],
      evidence: [
        { eventId: 'e1', ref: '0/row-1', frameId: 0, rowId: 'row-1', label: `GetObject by ${EVIL}` },
        { eventId: 'e2', ref: 'file.json:3', label: `ListBuckets by ${EVIL}` },
      ],
    },
  ],
  subjects: [{ kind: 'identity', id: EVIL, verdict: 'escalate', score: 9, reasons: [] }],
  stats: { records: 3, parsed: 2, rejected: 1, events: 2 },
  rejected: [{ ref: 'file.json:9', reason: `unknown record shape (keys: ${EVIL})` }],
  errors: [],
  events: [],
  eventsOmitted: 0,
};

afterEach(cleanup);

function expectNoInjection(container: HTMLElement) {
  expect(container.querySelector('img')).toBeNull();
  expect(container.querySelector('script')).toBeNull();
  expect((window as { __pwned?: number }).__pwned).toBeUndefined();
}

describe('sidebar views render log text as text', () => {
  it('analysis panel: verdict, reasons, findings, evidence, subjects, rejections', () => {
    const onEvidence = vi.fn();
    const { container } = render(<AnalysisPanel analysis={analysis} onEvidence={onEvidence} />);
    expectNoInjection(container);
    expect(screen.getByText('Escalate to Tier 2')).toBeTruthy();
    expect(container.textContent).toContain(`Suspicious client ${EVIL}`);
    expect(container.textContent).toContain(`unknown record shape (keys: ${EVIL})`);
    expect(container.textContent).toContain('1 record not read');
    // Collapsed to one line until expanded: then the evidence table.
    const toggle = screen.getByRole('button', { expanded: false, name: /Suspicious client/ });
    expect(container.querySelector('table.evidence')).toBeNull();
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expectNoInjection(container);
    // Page evidence has a link that asks to scroll to the row; file evidence has none.
    const button = screen.getByRole('button', { name: `Show on the page: GetObject by ${EVIL}` });
    fireEvent.click(button);
    expect(onEvidence).toHaveBeenCalledWith(expect.objectContaining({ frameId: 0, rowId: 'row-1' }));
    expect(screen.queryByRole('button', { name: /Show on the page: ListBuckets/ })).toBeNull();
    const fileRef = container.querySelector('.evidence-ref')!;
    expect(fileRef.textContent).toBe('L3');
    expect(fileRef.getAttribute('title')).toBe(`ListBuckets by ${EVIL} (file.json:3)`);
    fireEvent.click(toggle);
    expect(container.querySelector('table.evidence')).toBeNull();
  });

  it("analysis panel: a state refresh that changes a finding's title and time (more rows read) keeps it, open, under the pointer", () => {
    const { rerender } = render(<AnalysisPanel analysis={analysis} onEvidence={() => undefined} />);
    const toggle = screen.getByRole('button', { expanded: false, name: /Suspicious client/ });
    fireEvent.click(toggle);
    const f0 = analysis.findings.find((f) => f.title.startsWith('Suspicious client'))!;
    const later = {
      ...analysis,
      findings: analysis.findings.map((f) =>
        f === f0 ? { ...f, title: `${f.title} (2 more records)`, time: f.time - 60_000 } : f,
      ),
    };
    rerender(<AnalysisPanel analysis={later} onEvidence={() => undefined} />);
    const after = screen.getByRole('button', { name: /Suspicious client.*2 more records/ });
    expect(after).toBe(toggle); // the same element: not remounted
    expect(after.getAttribute('aria-expanded')).toBe('true');
  });

  it('analysis panel: the verdict header counts by severity, findings group by subject, and the evidence table has real columns', () => {
    const fields = {
      time: Date.UTC(2024, 0, 2, 3, 4, 5),
      action: 'GetObject',
      service: 's3',
      identity: `alice ${EVIL}`,
      credential: 'AKIAEXAMPLE',
      ip: '203.0.113.9',
      country: 'NL',
      asn: 14061,
      asOrg: 'DigitalOcean',
      success: false,
      code: 'AccessDenied',
    };
    const second = {
      ...analysis.findings[0]!,
      indicator: 'new-source',
      severity: 'medium' as const,
      title: 'First seen source',
      identities: [],
      tokens: ['tok-1'],
      evidence: [{ eventId: 'e3', ref: '0/r3', frameId: 0, rowId: 'r3', label: 'x', fields }],
    };
    const view: AnalysisView = {
      ...analysis,
      findings: [{ ...analysis.findings[0]!, evidence: [{ ...analysis.findings[0]!.evidence[0]!, fields }] }, second],
    };
    const { container } = render(
      <AnalysisPanel
        analysis={view}
        coverage={<span>211 of 211 rows read</span>}
        renderFindingActions={(f) => <button type="button">Mark {f.title} as expected</button>}
      />,
    );
    const header = screen.getByRole('region', { name: 'Verdict' });
    expect([...header.querySelectorAll('.sev-counts .chip')].map((c) => c.textContent)).toEqual(['1 high', '1 medium']);
    expect(header.textContent).toContain('211 of 211 rows read');
    expect(screen.getByRole('status').textContent).toBe('Verdict: Escalate to Tier 2, 2 findings.');
    // one group per subject: the identity's, then the token's
    expect([...container.querySelectorAll('.group-head h4')].map((h) => h.textContent)).toEqual([
      `Identity ${EVIL}`,
      'Token tok-1',
    ]);
    screen.getByRole('heading', { name: 'Findings for tok-1 (token)' });
    expect(screen.queryByRole('heading', { name: /Identity/ })).toBeNull(); // the case's heading is "Identity <id>": never mistaken for it
    expect(screen.queryByRole('button', { name: /Mark .* as expected/ })).toBeNull(); // only in an expanded finding
    fireEvent.click(screen.getByRole('button', { name: /First seen source/ }));
    screen.getByRole('button', { name: 'Mark First seen source as expected' });
    const table = screen.getByRole('table', { name: 'Evidence for First seen source' });
    expect([...table.querySelectorAll('th')].map((th) => th.textContent)).toEqual([
      'Time (UTC)',
      'Action',
      'Identity',
      'Key or session',
      'Source network',
      'Result',
      'Row',
    ]);
    const cells = [...table.querySelectorAll('tbody td')].slice(0, 6);
    expect(cells.map((td) => td.textContent)).toEqual([
      '03:04:05',
      'GetObject (s3)',
      `alice ${EVIL}`,
      'AKIAEXAMPLE',
      '203.0.113.9 (NL · AS14061 DigitalOcean)',
      'failed: AccessDenied',
    ]);
    expect(cells.map((td) => td.getAttribute('title'))).toEqual([
      '2024-01-02T03:04:05.000Z',
      'GetObject (s3)',
      `alice ${EVIL}`,
      'AKIAEXAMPLE',
      '203.0.113.9 (NL · AS14061 DigitalOcean)',
      'failed: AccessDenied',
    ]);
    screen.getByRole('button', { name: 'Copy row: x' });
    expectNoInjection(container);
  });

  it('evidence table: past 200 rows only the rows in view are rendered, and scrolling shows the others', async () => {
    const many = Array.from({ length: 5_000 }, (_, i) => ({
      eventId: `e${i}`,
      ref: `0/r${i}`,
      frameId: 0,
      rowId: `r${i}`,
      label: `row ${i}`,
      fields: { action: `Action${i}`, identity: 'alice', success: true },
    }));
    const view: AnalysisView = { ...analysis, findings: [{ ...analysis.findings[0]!, evidence: many }] };
    // jsdom has no layout: the scroll box is 360 px high, as the stylesheet makes it.
    const h = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(360);
    const w = vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
    onTestFinished(() => {
      h.mockRestore();
      w.mockRestore();
    });
    // A read of the scroller's layout in the render that mounts the table would force its first layout there.
    const layoutReads = vi.spyOn(Element.prototype, 'scrollHeight', 'get');
    onTestFinished(() => layoutReads.mockRestore());
    const { container } = render(<AnalysisPanel analysis={view} />);
    fireEvent.click(screen.getByRole('button', { name: /Suspicious client/ }));
    expect(layoutReads).not.toHaveBeenCalled();
    // The virtualizer takes the scroller in a later task, and only then hears its scrolling.
    await waitFor(() => expect(layoutReads).toHaveBeenCalled());
    const rows = container.querySelectorAll('tbody tr.evidence-tr');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(100);
    expect(container.textContent).toContain('Action0');
    expect(container.textContent).not.toContain('Action4999');
    const scroller = container.querySelector<HTMLElement>('.evidence-wrap.virtual')!;
    expect(scroller.getAttribute('aria-label')).toContain('5000 rows');
    act(() => {
      scroller.scrollTop = rowHeight(400) * 4_990; // two-line rows at a 400 px width
      fireEvent.scroll(scroller);
    });
    expect(container.textContent).toContain('Action4999');
    expect([...container.querySelectorAll('td')].some((td) => td.textContent === 'Action0')).toBe(false);
    expect(container.querySelectorAll('tbody tr.evidence-tr').length).toBeLessThan(100);
  });

  it('analysis panel: per identity, the stored history it was judged with, as text', () => {
    const known = [
      {
        id: EVIL,
        events: 412,
        days: 23,
        since: Date.UTC(2026, 8, 1),
        text: 'history: 23 days, 412 events (since 2026-09-01)',
      },
      { id: 'arn:aws:iam::1:user/new', events: 0, days: 0, text: 'no history yet: judged on this view only' },
    ];
    const { container } = render(<AnalysisPanel analysis={{ ...analysis, known }} />);
    expectNoInjection(container);
    const items = [...screen.getByRole('region', { name: 'History' }).querySelectorAll('li')].map(
      (li) => li.textContent,
    );
    expect(items).toEqual([
      `${EVIL}: history: 23 days, 412 events (since 2026-09-01)`,
      'arn:aws:iam::1:user/new: no history yet: judged on this view only',
    ]);
    cleanup();
    render(<AnalysisPanel analysis={analysis} />);
    expect(screen.queryByRole('region', { name: 'History' })).toBeNull(); // cold (a file import): nothing claimed
  });

  it('analysis panel: a finding and a subject each open the case of their identity', () => {
    const onOpenCase = vi.fn();
    render(<AnalysisPanel analysis={analysis} onOpenCase={onOpenCase} />);
    fireEvent.click(screen.getByTitle(`Open a case for ${EVIL}`));
    expect(onOpenCase).toHaveBeenLastCalledWith({ kind: 'identity', id: EVIL });
    fireEvent.click(screen.getByRole('button', { name: `Open a case for ${EVIL}` }));
    expect(onOpenCase).toHaveBeenCalledTimes(2);
  });

  it('sidebar: not-read pages say so; hostile notes stay text', () => {
    const view: TabView = {
      tabId: 1,
      pages: [
        {
          frameId: 0,
          url: 'https://x',
          readerId: 'r',
          readerTitle: `Reader ${EVIL}`,
          recognized: false,
          note: EVIL,
          rows: 0,
        },
      ],
      selectionRecords: 0,
      analysis,
    };
    const { container } = render(
      <Sidebar
        view={view}
        importState={{ status: 'idle' }}
        onEvidence={() => undefined}
        onFile={() => undefined}
        onText={() => undefined}
      />,
    );
    expectNoInjection(container);
    expect(container.textContent).toContain(`This view is not read yet: ${EVIL}`);
  });

  it('sidebar: a view read in another frame (the portal iframe) is not also listed as not read', () => {
    const view: TabView = {
      tabId: 1,
      pages: [
        {
          frameId: 0,
          url: 'https://portal.azure.com/',
          readerId: 'entra-signins',
          readerTitle: 'Entra sign-ins',
          recognized: false,
          note: 'read in the view frame',
          rows: 0,
        },
        {
          frameId: 7,
          url: 'https://sandbox-1.reactblade.portal.azure.net/',
          readerId: 'entra-signins',
          readerTitle: 'Entra sign-ins',
          recognized: true,
          rows: 13,
        },
        {
          frameId: 9,
          url: 'https://sandbox-2.reactblade.portal.azure.net/',
          readerId: 'entra-audit',
          readerTitle: 'Entra audit',
          recognized: false,
          note: 'not yet',
          rows: 0,
        },
      ],
      selectionRecords: 0,
      analysis,
    };
    const { container } = render(
      <Sidebar
        view={view}
        importState={{ status: 'idle' }}
        onEvidence={() => undefined}
        onFile={() => undefined}
        onText={() => undefined}
      />,
    );
    expect(container.textContent).toContain('Entra sign-ins · 13 rows read');
    expect(container.textContent).not.toContain('read in the view frame');
    expect(container.textContent).toContain('Entra audit · This view is not read yet: not yet');
  });

  it('sidebar: says while the IP data loads, and when it could not be loaded', () => {
    const view: TabView = { tabId: 1, pages: [], selectionRecords: 0, analysis, network: 'loading' };
    const { container, rerender } = render(
      <Sidebar
        view={view}
        importState={{ status: 'idle' }}
        onEvidence={() => undefined}
        onFile={() => undefined}
        onText={() => undefined}
      />,
    );
    expect(container.textContent).toContain('Loading the IP network data');
    rerender(
      <Sidebar
        view={{ ...view, network: 'unavailable' }}
        importState={{ status: 'idle' }}
        onEvidence={() => undefined}
        onFile={() => undefined}
        onText={() => undefined}
      />,
    );
    expect(container.textContent).toContain('could not be loaded');
    rerender(
      <Sidebar
        view={{ ...view, network: 'ready' }}
        importState={{ status: 'idle' }}
        onEvidence={() => undefined}
        onFile={() => undefined}
        onText={() => undefined}
      />,
    );
    expect(container.textContent).not.toMatch(/IP network data/);
  });

  it('sidebar: the tabs follow the tabs pattern (one in the tab order, arrows move), and the close button asks to close', () => {
    const onClose = vi.fn();
    const view: TabView = { tabId: 1, pages: [], selectionRecords: 0, analysis };
    render(
      <Sidebar
        view={view}
        importState={{ status: 'idle' }}
        onEvidence={() => undefined}
        onFile={() => undefined}
        onText={() => undefined}
        onClose={onClose}
      />,
    );
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => [t.textContent, t.getAttribute('tabindex'), t.getAttribute('aria-selected')])).toEqual([
      ['This page', '0', 'true'],
      ['Cases', '-1', 'false'],
      ['Import', '-1', 'false'],
    ]);
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-page');
    tabs[0]!.focus();
    fireEvent.keyDown(tabs[0]!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(tabs[2]);
    expect(tabs[2]!.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-import');
    fireEvent.keyDown(tabs[2]!, { key: 'Home' });
    expect(document.activeElement).toBe(tabs[0]);
    fireEvent.click(screen.getByRole('button', { name: 'Close the sidebar (Escape)' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    cleanup();
    render(
      <Sidebar
        view={view}
        importState={{ status: 'idle' }}
        onEvidence={() => undefined}
        onFile={() => undefined}
        onText={() => undefined}
      />,
    );
    expect(screen.queryByRole('button', { name: /Close the sidebar/ })).toBeNull(); // a tab of its own: nothing to close
  });

  it('sidebar with no log view', () => {
    const view: TabView = {
      tabId: 1,
      pages: [],
      selectionRecords: 0,
      analysis: {
        ...analysis,
        findings: [],
        verdict: 'benign',
        reasons: [],
        subjects: [],
        rejected: [],
        stats: { records: 0, parsed: 0, rejected: 0, events: 0 },
      },
    };
    const { container } = render(
      <Sidebar
        view={view}
        importState={{ status: 'idle' }}
        onEvidence={() => undefined}
        onFile={() => undefined}
        onText={() => undefined}
      />,
    );
    expect(container.textContent).toContain('No log view is read on this page');
  });

  it('import panel: progress bar, result, paste', () => {
    const onText = vi.fn();
    const { container, rerender } = render(
      <ImportPanel
        state={{ status: 'reading', name: EVIL, read: 512 * 1024, total: 2 * 1024 * 1024 }}
        onFile={() => undefined}
        onText={onText}
      />,
    );
    expectNoInjection(container);
    const progress = container.querySelector('progress')!;
    expect(progress.getAttribute('value')).toBe(String(512 * 1024));
    expect(container.textContent).toContain('512.0 KB of 2.0 MB');
    rerender(
      <ImportPanel
        state={{ status: 'done', name: EVIL, container: 'ndjson', analysis, elapsedMs: 2_000 }}
        onFile={() => undefined}
        onText={onText}
      />,
    );
    expectNoInjection(container);
    expect(container.textContent).toContain('3 records in 2.0 s (2 records/s)'); // stats.records is 3
    expect(container.textContent).toContain(`unknown record shape (keys: ${EVIL})`);
    fireEvent.change(container.querySelector('textarea')!, { target: { value: '{"a":1}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Analyse pasted text' }));
    expect(onText).toHaveBeenCalledWith('{"a":1}');
  });

  it('options view', () => {
    const onAdd = vi.fn();
    const { container } = render(
      <OptionsView
        hosts={[{ host: 'login.acme.com', pattern: 'https://login.acme.com/*', granted: true, registered: true }]}
        error={EVIL}
        onAdd={onAdd}
        onRemove={() => undefined}
      />,
    );
    expectNoInjection(container);
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'github.acme.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Allow and add' }));
    expect(onAdd).toHaveBeenCalledWith('github.acme.com');
  });

  it('options: the team settings file, what is in force, and an import refused with every problem', async () => {
    const imported: string[] = [];
    const onExport = vi.fn();
    const props = {
      hosts: [],
      onAdd: () => undefined,
      onRemove: () => undefined,
      onTeamImport: (t: string) => imported.push(t),
      onTeamExport: onExport,
    };
    const { rerender, container } = render(
      <OptionsView
        {...props}
        team={{ summary: '1 allow-list entry, 0 indicator(s) off, 0 indicator(s) with changed thresholds' }}
      />,
    );
    expect(container.textContent).toContain('In force: 1 allow-list entry');
    const input = screen.getByLabelText('Import a settings file') as HTMLInputElement;
    fireEvent.change(input, {
      target: { files: [new File(['{"allow":[]}'], 'team.json', { type: 'application/json' })] },
    });
    await vi.waitFor(() => expect(imported).toEqual(['{"allow":[]}']));
    fireEvent.click(screen.getByRole('button', { name: 'Export the settings in force' }));
    expect(onExport).toHaveBeenCalledTimes(1);
    rerender(
      <OptionsView
        {...props}
        team={{
          summary: 'the defaults',
          errors: [`allow.0.value: not a CIDR or IP address: ${EVIL}`, 'allow.1.reason: Required'],
        }}
      />,
    );
    expectNoInjection(container);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Not imported; nothing changed');
    expect(alert.querySelectorAll('li')).toHaveLength(2);
  });

  it('options: the learning switch, and Delete all asks with the counts before it deletes', () => {
    const calls: string[] = [];
    const props = {
      hosts: [],
      onAdd: () => undefined,
      onRemove: () => undefined,
      onLearningChange: (on: boolean) => calls.push(`learning ${on}`),
      onPurgeAsk: () => calls.push('ask'),
      onPurgeConfirm: () => calls.push('confirm'),
      onPurgeCancel: () => calls.push('cancel'),
    };
    const { rerender } = render(<OptionsView {...props} learning={true} />);
    fireEvent.click(screen.getByRole('checkbox', { name: /Learn what is normal/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete all stored data…' }));
    expect(calls).toEqual(['learning false', 'ask']);
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull(); // nothing deletes without the question
    const question =
      'Delete all stored data? 2 cases, 5 notes and 1 tenant baseline will be deleted from this browser.';
    rerender(<OptionsView {...props} learning={false} purge={{ question }} />);
    expect((screen.getByRole('checkbox', { name: /Learn what is normal/ }) as HTMLInputElement).checked).toBe(false);
    expect(screen.getByRole('alertdialog', { name: 'Confirm delete' }).textContent).toContain(question);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(calls).toEqual(['learning false', 'ask', 'cancel', 'confirm']);
    rerender(
      <OptionsView
        {...props}
        learning={false}
        purge={{ done: 'Deleted 2 case(s), 5 note(s) and 1 tenant baseline(s).' }}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Deleted 2 case(s), 5 note(s) and 1 tenant baseline(s).');
  });
});

describe('page badge', () => {
  it('is a closed shadow root with text only, placed by the anchor or floating, and removable', () => {
    const toggle = vi.fn();
    const badge = createPageBadge(document, toggle);
    expect(badge.host.shadowRoot).toBeNull(); // closed: the page cannot reach inside
    const table = document.createElement('table');
    const thead = document.createElement('thead');
    table.append(thead);
    document.body.append(table);
    badge.show(thead, { kind: 'verdict', reader: EVIL, verdict: 'escalate', findings: 2 });
    expect(badge.host.nextElementSibling).toBe(table);
    badge.show(null, { kind: 'not-read', reader: EVIL, note: EVIL });
    expect(badge.host.parentElement).toBe(document.body);
    expect(badge.host.style.position).toBe('fixed');
    expect(document.querySelector('img')).toBeNull();
    badge.remove();
    expect(badge.host.isConnected).toBe(false);
    table.remove();
  });
});
