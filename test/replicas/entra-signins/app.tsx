/**
 * The Entra sign-in logs replica: the four tabs, the grid (Fluent v8 DetailsList by default,
 * Fluent v9 DataGrid with `grid: 'v9'`) and an optional details pane. Exported so the reader
 * tests render exactly what the replica page shows. The rows tell the story of
 * demo/entra-signins-token-replay.json: carol's session, used from her London home (AS2856),
 * is replayed from a DigitalOcean VPS in Amsterdam (AS14061) with python-requests.
 */
import { useMemo } from 'react';
import {
  DetailsList,
  DetailsListLayoutMode,
  Label as V8Label,
  Panel,
  PanelType,
  Pivot,
  PivotItem,
  Selection,
  SelectionMode,
  Text as V8Text,
  type IColumn,
} from '@fluentui/react';
import {
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  FluentProvider,
  Label as V9Label,
  OverlayDrawer,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Tab,
  TabList,
  Text as V9Text,
  webLightTheme,
  type TableColumnDefinition,
} from '@fluentui/react-components';

export type Tab = 'interactive' | 'non-interactive' | 'service-principal' | 'managed-identity';
export const TAB_TITLES: Record<Tab, string> = {
  interactive: 'User sign-ins (interactive)',
  'non-interactive': 'User sign-ins (non-interactive)',
  'service-principal': 'Service principal sign-ins',
  'managed-identity': 'Managed identity sign-ins',
};

export interface SignInRow {
  requestId: string;
  /** ISO UTC; shown in the browser's local time, like the portal. */
  time: string;
  user?: string;
  upn?: string;
  spName?: string;
  spId?: string;
  miType?: string;
  app: string;
  appId: string;
  resource: string;
  ip: string;
  location: string;
  status: string;
  errorCode: string;
  interactive: boolean;
  tab: Tab;
  incoming: string;
  asn: string;
  sessionId: string;
  uti: string;
  userAgent: string;
  clientApp: string;
}

const OFFICE = 'd3590ed6-52b3-4102-aeff-aad2292ab01c';
const CAROL_SESSION = 'c0ffee00-1111-4aaa-8bbb-000000000001';
const DAVE_SESSION = 'dade0000-2222-4ccc-8ddd-000000000002';
const EDGE =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0';

function user(
  who: 'carol' | 'dave',
  id: string,
  time: string,
  interactive: boolean,
  uti: string,
  vps = false,
): SignInRow {
  const carol = who === 'carol';
  return {
    requestId: id,
    time,
    user: carol ? 'Carol Diaz' : 'Dave Kim',
    upn: carol ? 'carol.diaz@contoso.example' : 'dave.kim@contoso.example',
    app: 'Microsoft Office',
    appId: OFFICE,
    resource: 'Microsoft Graph',
    ip: vps ? '159.89.14.202' : carol ? '81.2.69.160' : '81.2.69.192',
    location: vps ? 'Amsterdam, Noord-Holland, NL' : 'London, England, GB',
    status: 'Success',
    errorCode: '0',
    interactive,
    tab: interactive ? 'interactive' : 'non-interactive',
    incoming: interactive ? 'none' : 'refreshToken',
    asn: vps ? '14061' : '2856',
    sessionId: carol ? CAROL_SESSION : DAVE_SESSION,
    uti,
    userAgent: vps ? 'python-requests/2.31.0' : EDGE,
    clientApp: vps ? 'Mobile Apps and Desktop clients' : 'Browser',
  };
}

export const SIGNIN_ROWS: readonly SignInRow[] = [
  user('carol', '5eed0241-0241-4241-8fc7-01649b0947f1', '2026-11-06T09:20:05Z', false, 'uti-5eed0240'),
  user('carol', '5eed023e-023e-423e-8fb2-0162c062dade', '2026-11-06T09:26:35Z', false, 'uti-5eed023d'),
  user('dave', '5eed024d-024d-424d-801b-016c05a2fc3d', '2026-11-06T10:17:14Z', false, 'uti-5eed024c'),
  user('carol', '5eed0247-0247-4247-8ff1-016850562217', '2026-11-06T10:19:28Z', false, 'uti-5eed0246'),
  user('carol', '5eed0238-0238-4238-8f88-015f0b1600b8', '2026-11-06T11:23:22Z', true, 'uti-5eed0237'),
  user('dave', '5eed024a-024a-424a-8006-016a2afc8f2a', '2026-11-06T11:27:11Z', true, 'uti-5eed0249'),
  user('carol', '5eed023b-023b-423b-8f9d-0160e5bc6dcb', '2026-11-06T12:02:38Z', false, 'uti-5eed023a'),
  user('dave', '5eed0259-0259-4259-806f-0173703cb089', '2026-11-06T12:57:41Z', false, 'uti-5eed0258'),
  user('dave', '5eed0256-0256-4256-805a-017195964376', '2026-11-06T13:33:39Z', false, 'uti-5eed0255'),
  user('carol', '5eed0244-0244-4244-8fdc-016675afb504', '2026-11-06T15:38:59Z', false, 'uti-5eed0243'),
  user('carol', '5eed025b-025b-425b-807d-0174acaba3eb', '2026-11-09T09:02:00Z', false, 'uti-carol-home-0901'),
  user('carol', '5eed025d-025d-425d-808b-0175e91a974d', '2026-11-09T09:08:00Z', false, 'uti-carol-vps-0', true),
  user('carol', '5eed025f-025f-425f-8099-017725898aaf', '2026-11-09T09:08:45Z', false, 'uti-carol-vps-1', true),
  user('carol', '5eed0261-0261-4261-80a7-017861f87e11', '2026-11-09T09:09:30Z', false, 'uti-carol-vps-2', true),
  user('carol', '5eed0263-0263-4263-80b5-01799e677173', '2026-11-09T09:10:15Z', false, 'uti-carol-vps-3', true),
  {
    requestId: '7a11ce00-0001-4000-8000-00000000a001',
    time: '2026-11-09T08:30:12Z',
    spName: 'Contoso Billing Sync',
    spId: '5b1e0000-aaaa-4bbb-8ccc-00000000b001',
    app: 'Contoso Billing Sync',
    appId: '9f8e0000-1111-4222-8333-00000000c001',
    resource: 'Microsoft Graph',
    ip: '20.61.5.10',
    location: 'Amsterdam, Noord-Holland, NL',
    status: 'Success',
    errorCode: '0',
    interactive: false,
    tab: 'service-principal',
    incoming: 'none',
    asn: '8075',
    sessionId: '',
    uti: 'uti-sp-0001',
    userAgent: '',
    clientApp: '',
  },
  {
    requestId: '3a9e0000-0002-4000-8000-00000000a002',
    time: '2026-11-09T08:41:55Z',
    spName: 'vm-reporting-01',
    spId: '6c2f0000-bbbb-4ccc-8ddd-00000000b002',
    miType: 'System Assigned',
    app: 'vm-reporting-01',
    appId: '1d2c0000-2222-4333-8444-00000000c002',
    resource: 'Azure Key Vault',
    ip: '10.1.0.4',
    location: '',
    status: 'Success',
    errorCode: '0',
    interactive: false,
    tab: 'managed-identity',
    incoming: 'none',
    asn: '',
    sessionId: '',
    uti: 'uti-mi-0002',
    userAgent: '',
    clientApp: '',
  },
];

interface Col {
  key: string;
  name: string;
  get(r: SignInRow): string;
}

const USER_COLUMNS: Col[] = [
  { key: 'createdDateTime', name: 'Date', get: (r) => new Date(r.time).toLocaleString('en-US') },
  { key: 'id', name: 'Request ID', get: (r) => r.requestId },
  { key: 'userDisplayName', name: 'User', get: (r) => r.user ?? '' },
  { key: 'userPrincipalName', name: 'Username', get: (r) => r.upn ?? '' },
  { key: 'appDisplayName', name: 'Application', get: (r) => r.app },
  { key: 'status', name: 'Status', get: (r) => r.status },
  { key: 'ipAddress', name: 'IP address', get: (r) => r.ip },
  { key: 'location', name: 'Location', get: (r) => r.location },
  { key: 'resourceDisplayName', name: 'Resource', get: (r) => r.resource },
  { key: 'incomingTokenType', name: 'Incoming token type', get: (r) => r.incoming },
  { key: 'autonomousSystemNumber', name: 'Autonomous system number', get: (r) => r.asn },
  { key: 'sessionId', name: 'Session ID', get: (r) => r.sessionId },
  { key: 'uniqueTokenIdentifier', name: 'Unique token identifier', get: (r) => r.uti },
];
const SP_COLUMNS: Col[] = [
  { key: 'createdDateTime', name: 'Date', get: (r) => new Date(r.time).toLocaleString('en-US') },
  { key: 'id', name: 'Request ID', get: (r) => r.requestId },
  { key: 'servicePrincipalName', name: 'Service principal name', get: (r) => r.spName ?? '' },
  { key: 'servicePrincipalId', name: 'Service principal ID', get: (r) => r.spId ?? '' },
  { key: 'appId', name: 'Application ID', get: (r) => r.appId },
  { key: 'status', name: 'Status', get: (r) => r.status },
  { key: 'ipAddress', name: 'IP address', get: (r) => r.ip },
  { key: 'location', name: 'Location', get: (r) => r.location },
  { key: 'resourceDisplayName', name: 'Resource', get: (r) => r.resource },
];
const MI_COLUMNS: Col[] = [
  { key: 'createdDateTime', name: 'Date', get: (r) => new Date(r.time).toLocaleString('en-US') },
  { key: 'id', name: 'Request ID', get: (r) => r.requestId },
  { key: 'managedIdentityName', name: 'Managed identity name', get: (r) => r.spName ?? '' },
  { key: 'managedIdentityId', name: 'Managed identity ID', get: (r) => r.spId ?? '' },
  { key: 'managedIdentityType', name: 'Managed identity type', get: (r) => r.miType ?? '' },
  { key: 'status', name: 'Status', get: (r) => r.status },
  { key: 'ipAddress', name: 'IP address', get: (r) => r.ip },
  { key: 'resourceDisplayName', name: 'Resource', get: (r) => r.resource },
];

export function columnsFor(tab: Tab): Col[] {
  return tab === 'service-principal' ? SP_COLUMNS : tab === 'managed-identity' ? MI_COLUMNS : USER_COLUMNS;
}

/** What the details pane shows for a row (Basic info / Location / Device info, flattened). */
function paneFields(r: SignInRow): [string, string][] {
  return [
    ['Date', new Date(r.time).toLocaleString('en-US')],
    ['Request ID', r.requestId],
    ['Status', r.status],
    ['Sign-in error code', r.errorCode],
    ['Application', r.app],
    ['Application ID', r.appId],
    ['Client app', r.clientApp],
    ['IP address', r.ip],
    ['Autonomous system number', r.asn],
    ['User agent', r.userAgent],
  ].filter(([, v]) => v !== '') as [string, string][];
}

export interface SignInsAppProps {
  grid?: 'v8' | 'v9';
  tab?: Tab;
  rows?: readonly SignInRow[];
  /** Request ID of the row whose details pane is open. */
  details?: string;
  /** v8 only: render every row (tests; the page virtualizes). */
  noVirtualize?: boolean;
}

export function SignInsApp({
  grid = 'v8',
  tab = 'non-interactive',
  rows = SIGNIN_ROWS,
  details,
  noVirtualize,
}: SignInsAppProps) {
  const shown = rows.filter((r) => r.tab === tab);
  const cols = columnsFor(tab);
  const open = details ? rows.find((r) => r.requestId === details) : undefined;
  return grid === 'v9' ? (
    <V9Page tab={tab} rows={shown} cols={cols} open={open} />
  ) : (
    <V8Page tab={tab} rows={shown} cols={cols} open={open} noVirtualize={noVirtualize} />
  );
}

function V8Page({
  tab,
  rows,
  cols,
  open,
  noVirtualize,
}: {
  tab: Tab;
  rows: SignInRow[];
  cols: Col[];
  open?: SignInRow;
  noVirtualize?: boolean;
}) {
  const columns: IColumn[] = cols.map((c) => ({
    key: c.key,
    name: c.name,
    minWidth: 90,
    maxWidth: 260,
    isResizable: true,
    onRender: (r: SignInRow) => c.get(r),
  }));
  const selection = useMemo(() => {
    const s = new Selection({ getKey: (r) => (r as unknown as SignInRow).requestId });
    s.setItems(rows as unknown as Record<string, unknown>[], false);
    if (open) s.setKeySelected(open.requestId, true, false);
    return s;
  }, [rows, open]);
  return (
    <div>
      <h1>Sign-in events</h1>
      <Pivot selectedKey={tab} headersOnly>
        {(Object.keys(TAB_TITLES) as Tab[]).map((t) => (
          <PivotItem key={t} itemKey={t} headerText={TAB_TITLES[t]} />
        ))}
      </Pivot>
      <DetailsList
        items={rows}
        columns={columns}
        getKey={(r: SignInRow) => r.requestId}
        setKey="signins"
        selection={selection}
        selectionMode={SelectionMode.single}
        layoutMode={DetailsListLayoutMode.fixedColumns}
        onShouldVirtualize={noVirtualize ? () => false : undefined}
        ariaLabelForGrid="Sign-in events"
      />
      {open && (
        <Panel isOpen type={PanelType.medium} headerText="Activity Details: Sign-ins" isBlocking={false}>
          {paneFields(open).map(([k, v]) => (
            <div key={k} className="detail-pair">
              <V8Label>{k}</V8Label>
              <V8Text>{v}</V8Text>
            </div>
          ))}
        </Panel>
      )}
    </div>
  );
}

function V9Page({ tab, rows, cols, open }: { tab: Tab; rows: SignInRow[]; cols: Col[]; open?: SignInRow }) {
  const columns: TableColumnDefinition<SignInRow>[] = cols.map((c) =>
    createTableColumn<SignInRow>({
      columnId: c.key,
      renderHeaderCell: () => c.name,
      renderCell: (r) => c.get(r),
    }),
  );
  return (
    <FluentProvider theme={webLightTheme}>
      <h1>Sign-in events</h1>
      <TabList selectedValue={tab}>
        {(Object.keys(TAB_TITLES) as Tab[]).map((t) => (
          <Tab key={t} value={t}>
            {TAB_TITLES[t]}
          </Tab>
        ))}
      </TabList>
      <DataGrid
        items={rows}
        columns={columns}
        getRowId={(r: SignInRow) => r.requestId}
        selectionMode="single"
        selectedItems={open ? [open.requestId] : []}
        aria-label="Sign-in events"
      >
        <DataGridHeader>
          <DataGridRow>
            {({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}
          </DataGridRow>
        </DataGridHeader>
        <DataGridBody<SignInRow>>
          {({ item, rowId }) => (
            <DataGridRow<SignInRow> key={rowId}>
              {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
            </DataGridRow>
          )}
        </DataGridBody>
      </DataGrid>
      {open && (
        <OverlayDrawer open position="end" modalType="non-modal">
          <DrawerHeader>
            <DrawerHeaderTitle>Activity Details: Sign-ins</DrawerHeaderTitle>
          </DrawerHeader>
          <DrawerBody>
            {paneFields(open).map(([k, v]) => (
              <div key={k} className="detail-pair">
                <V9Label>{k}</V9Label>
                <V9Text>{v}</V9Text>
              </div>
            ))}
          </DrawerBody>
        </OverlayDrawer>
      )}
    </FluentProvider>
  );
}
