/**
 * The replica's data: the demo story's CloudTrail records (events.json, from
 * demo/cloudtrail-stolen-keys.ndjson) and the cells the Event history list shows for each, in
 * the console's order (newest first). `recordsFor(2000)` pads the story with more of alice's and
 * bob's normal office-hours calls (fresh event ids) for the performance test.
 */
import events from './events.json';

export interface CloudTrailRecord {
  eventID: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  readOnly?: boolean;
  userIdentity?: { type?: string; arn?: string; userName?: string; accessKeyId?: string; [k: string]: unknown };
  requestParameters?: Record<string, unknown> | null;
  resources?: { ARN?: string; type?: string }[];
  [k: string]: unknown;
}

/** One row of the Event history list, as the console renders its cells. */
export interface EventRow {
  id: string;
  eventName: string;
  eventTime: string;
  userName: string;
  eventSource: string;
  resourceType: string;
  resourceName: string;
  accessKey: string;
  sourceIp: string;
  region: string;
  errorCode: string;
  readOnly: string;
}

/** The console prints "-" in an empty cell. */
export const EMPTY = '-';

const byTimeDesc = (a: CloudTrailRecord, b: CloudTrailRecord): number =>
  b.eventTime < a.eventTime ? -1 : b.eventTime > a.eventTime ? 1 : 0;

/** The demo story, newest first (the console's default order). */
export const STORY: readonly CloudTrailRecord[] = (events as unknown as CloudTrailRecord[]).slice().sort(byTimeDesc);

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "November 09, 2026, 03:12:26 (UTC+00:00)": the list's time format with the console set to UTC. */
export function consoleTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  return `${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())}, ${d.getUTCFullYear()}, ${time} (UTC+00:00)`;
}

/** The resource Event history names for a call: resources[] first, else the request's own object. */
function resourceOf(r: CloudTrailRecord): { type: string; name: string } {
  const first = r.resources?.[0];
  if (first?.ARN) return { type: first.type ?? EMPTY, name: first.ARN };
  const p = r.requestParameters ?? {};
  if (typeof p.bucketName === 'string') return { type: 'AWS::S3::Bucket', name: p.bucketName };
  if (typeof p.secretId === 'string') return { type: 'AWS::SecretsManager::Secret', name: p.secretId };
  if (typeof p.userName === 'string') return { type: 'AWS::IAM::User', name: p.userName };
  return { type: EMPTY, name: EMPTY };
}

function userNameOf(r: CloudTrailRecord): string {
  const ui = r.userIdentity;
  if (ui?.userName) return ui.userName;
  const arn = ui?.arn;
  return arn ? arn.slice(arn.lastIndexOf('/') + 1) : EMPTY;
}

export function toRow(r: CloudTrailRecord): EventRow {
  const res = resourceOf(r);
  return {
    id: r.eventID,
    eventName: r.eventName,
    eventTime: consoleTime(r.eventTime),
    userName: userNameOf(r),
    eventSource: r.eventSource,
    resourceType: res.type,
    resourceName: res.name,
    accessKey: r.userIdentity?.accessKeyId ?? EMPTY,
    sourceIp: r.sourceIPAddress ?? EMPTY,
    region: r.awsRegion ?? EMPTY,
    errorCode: r.errorCode ?? EMPTY,
    readOnly: r.readOnly === undefined ? EMPTY : String(r.readOnly),
  };
}

/**
 * `count` records: the story, then (for more than the story holds) copies of its normal calls
 * moved back one week at a time, with fresh ids, so the padding is more of the same baseline.
 */
export function recordsFor(count: number): CloudTrailRecord[] {
  if (count <= STORY.length) return STORY.slice(0, Math.max(0, count));
  const normal = STORY.filter((r) => r.sourceIPAddress !== '159.89.14.201');
  const out = STORY.slice();
  const WEEK = 7 * 86_400_000;
  for (let i = 0; out.length < count; i++) {
    const src = normal[i % normal.length]!;
    const weeks = 1 + Math.floor(i / normal.length);
    const t = new Date(Date.parse(src.eventTime) - weeks * WEEK).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const n = (i + 1).toString(16).padStart(12, '0');
    out.push({ ...src, eventTime: t, eventID: `f111e700-${n.slice(0, 4)}-4000-8000-${n}` });
  }
  return out.sort(byTimeDesc);
}

/** The row count a replica URL asks for: `?rows=N` in the query or in the hash (`#/events?rows=N`). */
export function rowsParam(href: string): number | undefined {
  const m = /[?&]rows=(\d{1,5})(?:[&#]|$)/.exec(href);
  return m ? Number(m[1]) : undefined;
}

/**
 * The list's default columns (Preferences left as the console ships them): Event name, Event
 * time, User name, Event source, Resource type, Resource name; no address, key or error code.
 */
export const DEFAULT_COLUMN_IDS = [
  'eventName',
  'eventTime',
  'userName',
  'eventSource',
  'resourceType',
  'resourceName',
] as const;

/** `?columns=default` (query or hash): the list with its default columns instead of every column. */
export function defaultColumnsParam(href: string): boolean {
  return /[?&]columns=default(?:[&#]|$)/.test(href);
}

/**
 * `?feed=<name>`: the list shows the records the test serves at `/cloudtrailv2/feed/<name>.json`
 * (route-served, like the page) instead of the demo story: the stored-baseline browser test
 * visits "earlier days" and "today" this way.
 */
export function feedParam(href: string): string | undefined {
  const m = /[?&]feed=([A-Za-z0-9_-]{1,40})(?:[&#]|$)/.exec(href);
  return m ? m[1] : undefined;
}

export function newestFirst(records: CloudTrailRecord[]): CloudTrailRecord[] {
  return records.slice().sort(byTimeDesc);
}
