/**
 * The CloudTrail Event history replica, built from the real Cloudscape components: the list
 * (`#/events`, a full-page Table with a sticky header and every column the list's preferences
 * offer turned on; `?columns=default` shows the console's default columns instead) and an event's detail page (`#/events/<eventId>`) with its JSON record.
 * EventHistoryTable and EventDetail are also rendered into jsdom by the reader's unit tests.
 */
import { useEffect, useMemo, useState } from 'react';
import AppLayout from '@cloudscape-design/components/app-layout';
import Box from '@cloudscape-design/components/box';
import BreadcrumbGroup from '@cloudscape-design/components/breadcrumb-group';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Link from '@cloudscape-design/components/link';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import {
  type CloudTrailRecord,
  DEFAULT_COLUMN_IDS,
  defaultColumnsParam,
  type EventRow,
  feedParam,
  newestFirst,
  recordsFor,
  rowsParam,
  STORY,
  toRow,
} from './data';

/** The list's columns, with the English headers the console shows. */
export const COLUMNS: TableProps.ColumnDefinition<EventRow>[] = [
  {
    id: 'eventName',
    header: 'Event name',
    cell: (r) => <Link href={`#/events/${r.id}`}>{r.eventName}</Link>,
    isRowHeader: true,
  },
  { id: 'eventTime', header: 'Event time', cell: (r) => r.eventTime },
  { id: 'userName', header: 'User name', cell: (r) => r.userName },
  { id: 'eventSource', header: 'Event source', cell: (r) => r.eventSource },
  { id: 'resourceType', header: 'Resource type', cell: (r) => r.resourceType },
  { id: 'resourceName', header: 'Resource name', cell: (r) => r.resourceName },
  { id: 'accessKey', header: 'AWS access key', cell: (r) => r.accessKey },
  { id: 'sourceIp', header: 'Source IP address', cell: (r) => r.sourceIp },
  { id: 'region', header: 'AWS region', cell: (r) => r.region },
  { id: 'errorCode', header: 'Error code', cell: (r) => r.errorCode },
  { id: 'readOnly', header: 'Read-only', cell: (r) => r.readOnly },
  { id: 'eventId', header: 'Event ID', cell: (r) => r.id },
];

export interface EventHistoryTableProps {
  rows: readonly EventRow[];
  /** Column ids to show, in order (the console's "Preferences"); all by default. */
  visibleColumns?: readonly string[];
}

export function EventHistoryTable({ rows, visibleColumns }: EventHistoryTableProps) {
  return (
    <Table<EventRow>
      variant="full-page"
      stickyHeader
      resizableColumns
      trackBy="id"
      items={rows as EventRow[]}
      columnDefinitions={COLUMNS}
      columnDisplay={visibleColumns ? visibleColumns.map((id) => ({ id, visible: true })) : undefined}
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={`(${rows.length})`}
          description="Your event history contains the management events of the past 90 days."
        >
          Event history
        </Header>
      }
      empty={<Box textAlign="center">No matches</Box>}
    />
  );
}

export function EventDetail({ record }: { record: CloudTrailRecord }) {
  const row = toRow(record);
  return (
    <ContentLayout header={<Header variant="h1">{record.eventName}</Header>}>
      <SpaceBetween size="l">
        <Container header={<Header variant="h2">Details</Header>}>
          <KeyValuePairs
            columns={3}
            items={[
              { label: 'Event time', value: row.eventTime },
              { label: 'User name', value: row.userName },
              { label: 'Event name', value: row.eventName },
              { label: 'Event source', value: row.eventSource },
              { label: 'AWS access key', value: row.accessKey },
              { label: 'Source IP address', value: row.sourceIp },
              { label: 'Event ID', value: row.id },
              { label: 'AWS region', value: row.region },
              { label: 'Error code', value: row.errorCode },
            ]}
          />
        </Container>
        <Container header={<Header variant="h2">Event record</Header>}>
          <Box variant="pre">{JSON.stringify(record, null, 2)}</Box>
        </Container>
      </SpaceBetween>
    </ContentLayout>
  );
}

/** The route a hash names: the list, or one event. */
function route(hash: string): { view: 'list' } | { view: 'detail'; id: string } {
  const m = /^#\/events\/([^/?#]+)/.exec(hash);
  return m ? { view: 'detail', id: decodeURIComponent(m[1]!) } : { view: 'list' };
}

export function App() {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const count = rowsParam(location.search) ?? rowsParam(hash) ?? STORY.length;
  const feed = feedParam(location.search);
  const [fed, setFed] = useState<CloudTrailRecord[]>();
  useEffect(() => {
    if (!feed) return;
    // The replica (a stand-in for the console, not the product) loads its rows like the console does.
    // eslint-disable-next-line no-restricted-globals
    void fetch(`/cloudtrailv2/feed/${feed}.json`)
      .then((r) => r.json() as Promise<CloudTrailRecord[]>)
      .then((rs) => setFed(newestFirst(rs)));
  }, [feed]);
  const records = useMemo(() => fed ?? (feed ? [] : recordsFor(count)), [fed, feed, count]);
  const rows = useMemo(() => records.map(toRow), [records]);
  const r = route(hash);
  const record = r.view === 'detail' ? records.find((x) => x.eventID === r.id) : undefined;

  return (
    <AppLayout
      navigation={
        <SideNavigation
          header={{ text: 'CloudTrail', href: '#/dashboard' }}
          activeHref="#/events"
          items={[
            { type: 'link', text: 'Dashboard', href: '#/dashboard' },
            { type: 'link', text: 'Event history', href: '#/events' },
            { type: 'link', text: 'Insights', href: '#/insights' },
            { type: 'section', text: 'Lake', items: [{ type: 'link', text: 'Query', href: '#/lake' }] },
            { type: 'link', text: 'Trails', href: '#/trails' },
            { type: 'link', text: 'Settings', href: '#/settings' },
          ]}
        />
      }
      breadcrumbs={
        <BreadcrumbGroup
          items={[
            { text: 'CloudTrail', href: '#/dashboard' },
            { text: 'Event history', href: '#/events' },
            ...(r.view === 'detail' ? [{ text: record?.eventName ?? r.id, href: `#/events/${r.id}` }] : []),
          ]}
        />
      }
      toolsHide
      contentType={r.view === 'list' ? 'table' : 'default'}
      content={
        r.view === 'list' ? (
          <EventHistoryTable
            rows={rows}
            visibleColumns={
              defaultColumnsParam(location.search) || defaultColumnsParam(hash) ? DEFAULT_COLUMN_IDS : undefined
            }
          />
        ) : record ? (
          <EventDetail record={record} />
        ) : (
          <Box>Event {r.id} was not found.</Box>
        )
      }
    />
  );
}
