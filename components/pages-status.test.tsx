// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { PagesStatus } from './PagesStatus';
import type { PageInfo } from '../lib/messaging/tab-state';
import { eventHistoryPartial } from '../lib/sites/readers/aws-cloudtrail-events';

afterEach(cleanup);

const page = (over: Partial<PageInfo> = {}): PageInfo => ({
  frameId: 0,
  url: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home#/events',
  readerId: 'aws-cloudtrail-events',
  readerTitle: 'AWS CloudTrail Event history',
  recognized: true,
  rows: 211,
  ...over,
});

describe('PagesStatus: partial view', () => {
  it('says "Partial view", which columns to turn on by the console\'s names, and where', () => {
    const partial = eventHistoryPartial(
      new Set(['Event name', 'Event time', 'User name', 'Event source', 'Resource type', 'Resource name']),
    )!;
    render(<PagesStatus pages={[page({ partial })]} selectionRecords={0} />);
    const note = screen.getByRole('note');
    expect(note.textContent).toContain('Partial view');
    expect(note.textContent).toContain('AWS access key, Source IP address, Error code');
    expect(note.textContent).toMatch(/Preferences \(the gear icon/);
    expect(note.textContent).toMatch(/open each event/);
  });

  it('says nothing of it on a full view', () => {
    render(<PagesStatus pages={[page()]} selectionRecords={0} />);
    expect(screen.queryByRole('note')).toBeNull();
    expect(screen.getByText(/211 rows read/)).toBeTruthy();
  });

  it('shows hostile advice text as text', () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    render(<PagesStatus pages={[page({ partial: { missing: [evil], advice: evil } })]} selectionRecords={0} />);
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByRole('note').textContent).toContain(evil);
  });
});

describe('eventHistoryPartial', () => {
  it('names only the needed columns a list hides; none when all are shown', () => {
    expect(
      eventHistoryPartial(
        new Set([
          'Event name',
          'Event time',
          'User name',
          'Event source',
          'AWS access key',
          'Source IP address',
          'Error code',
        ]),
      ),
    ).toBeUndefined();
    expect(
      eventHistoryPartial(
        new Set(['Event name', 'AWS access key', 'Event source', 'Event time', 'User name', 'Error code']),
      )?.missing,
    ).toEqual(['Source IP address']);
  });
});
