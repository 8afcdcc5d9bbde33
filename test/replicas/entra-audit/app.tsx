/**
 * The Entra audit logs replica: the grid (Fluent v8 DetailsList by default, v9 DataGrid with
 * `grid: 'v9'`) and an optional details pane (Activity fields, the initiator, and a Modified
 * Properties DetailsList). Exported so the reader tests render what the replica page shows.
 * Story: after carol's session is replayed from a VPS, the attacker consents to a mail app with
 * offline access and adds a client secret to an existing service principal.
 */
import { useMemo } from 'react';
import {
  DetailsList,
  DetailsListLayoutMode,
  Label as V8Label,
  Panel,
  PanelType,
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
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  FluentProvider,
  Label as V9Label,
  OverlayDrawer,
  Text as V9Text,
  webLightTheme,
  type TableColumnDefinition,
} from '@fluentui/react-components';

export interface AuditRow {
  key: string;
  time: string;
  service: string;
  category: string;
  activity: string;
  status: string;
  statusReason: string;
  target: string;
  actor: string;
  correlationId: string;
  actorIp: string;
  userAgent: string;
  modified: [string, string, string][];
}

export const AUDIT_ROWS: readonly AuditRow[] = [
  {
    key: 'a1',
    time: '2026-11-09T09:12:40Z',
    service: 'Core Directory',
    category: 'ApplicationManagement',
    activity: 'Consent to application',
    status: 'Success',
    statusReason: '',
    target: 'Mail Sync Pro',
    actor: 'carol.diaz@contoso.example',
    correlationId: 'c0a1b2c3-0001-4d5e-8f90-00000000e001',
    actorIp: '159.89.14.202',
    userAgent: 'python-requests/2.31.0',
    modified: [
      ['ConsentContext.IsAdminConsent', '', '"False"'],
      ['ConsentContext.OnBehalfOfAll', '', '"False"'],
      [
        'ConsentAction.Permissions',
        '',
        '"[] => [[Id: x, ClientId: 4e5f0000-3333-4444-8555-00000000d001, PrincipalId: 1, ResourceId: ' +
          '2, ConsentType: Principal, Scope:  Mail.Read offline_access User.Read, CreatedDateTime: , LastModifiedDateTime ]]; "',
      ],
      ['TargetId.ServicePrincipalNames', '', '"4e5f0000-3333-4444-8555-00000000d001"'],
    ],
  },
  {
    key: 'a2',
    time: '2026-11-09T09:14:02Z',
    service: 'Core Directory',
    category: 'ApplicationManagement',
    activity: 'Update application – Certificates and secrets management ',
    status: 'Success',
    statusReason: '',
    target: 'Contoso Billing Sync',
    actor: 'carol.diaz@contoso.example',
    correlationId: 'c0a1b2c3-0002-4d5e-8f90-00000000e002',
    actorIp: '159.89.14.202',
    userAgent: '',
    modified: [['KeyDescription', '[]', '"[KeyIdentifier=9c1d…,KeyType=Password,KeyUsage=Verify,DisplayName=sync]"']],
  },
  {
    key: 'a3',
    time: '2026-11-09T09:15:30Z',
    service: 'Core Directory',
    category: 'ApplicationManagement',
    activity: 'Add service principal credentials',
    status: 'Success',
    statusReason: '',
    target: 'Contoso Billing Sync',
    actor: 'carol.diaz@contoso.example',
    correlationId: 'c0a1b2c3-0003-4d5e-8f90-00000000e003',
    actorIp: '159.89.14.202',
    userAgent: '',
    modified: [],
  },
  {
    key: 'a4',
    time: '2026-11-06T14:02:11Z',
    service: 'Core Directory',
    category: 'UserManagement',
    activity: 'Update user',
    status: 'Success',
    statusReason: '',
    target: 'dave.kim@contoso.example',
    actor: 'Microsoft Substrate Management',
    correlationId: 'c0a1b2c3-0004-4d5e-8f90-00000000e004',
    actorIp: '',
    userAgent: '',
    modified: [],
  },
  {
    key: 'a5',
    time: '2026-11-05T10:44:19Z',
    service: 'Self-service Password Management',
    category: 'UserManagement',
    activity: 'Reset password (self-service)',
    status: 'Failure',
    statusReason: 'User was not enabled for password reset',
    target: 'dave.kim@contoso.example',
    actor: 'dave.kim@contoso.example',
    correlationId: 'c0a1b2c3-0005-4d5e-8f90-00000000e005',
    actorIp: '81.2.69.192',
    userAgent: '',
    modified: [],
  },
];

interface Col {
  key: string;
  name: string;
  get(r: AuditRow): string;
}
export const AUDIT_COLUMNS: Col[] = [
  { key: 'activityDateTime', name: 'Date', get: (r) => new Date(r.time).toLocaleString('en-US') },
  { key: 'loggedByService', name: 'Service', get: (r) => r.service },
  { key: 'category', name: 'Category', get: (r) => r.category },
  { key: 'activityDisplayName', name: 'Activity', get: (r) => r.activity },
  { key: 'result', name: 'Status', get: (r) => r.status },
  { key: 'resultReason', name: 'Status reason', get: (r) => r.statusReason },
  { key: 'targetResources', name: 'Target(s)', get: (r) => r.target },
  { key: 'initiatedBy', name: 'Initiated by (actor)', get: (r) => r.actor },
];

function paneFields(r: AuditRow): [string, string][] {
  return (
    [
      ['Date', new Date(r.time).toLocaleString('en-US')],
      ['Activity Type', r.activity],
      ['Correlation ID', r.correlationId],
      ['Category', r.category],
      ['Status', r.status],
      ['Status reason', r.statusReason],
      ['User Agent', r.userAgent],
      ['IP address', r.actorIp],
      ['User Principal Name', r.actor.includes('@') ? r.actor : ''],
    ] as [string, string][]
  ).filter(([, v]) => v !== '');
}

const MOD_COLUMNS: IColumn[] = [
  { key: 'name', name: 'Property name', minWidth: 120, onRender: (m: string[]) => m[0] },
  { key: 'oldValue', name: 'Old value', minWidth: 80, onRender: (m: string[]) => m[1] },
  { key: 'newValue', name: 'New value', minWidth: 200, onRender: (m: string[]) => m[2] },
];

function Details({ r }: { r: AuditRow }) {
  return (
    <>
      {paneFields(r).map(([k, v]) => (
        <div key={k} className="detail-pair">
          <V8Label>{k}</V8Label>
          <V8Text>{v}</V8Text>
        </div>
      ))}
      {r.modified.length > 0 && (
        <DetailsList
          items={r.modified}
          columns={MOD_COLUMNS}
          selectionMode={SelectionMode.none}
          onShouldVirtualize={() => false}
          ariaLabelForGrid="Modified Properties"
        />
      )}
    </>
  );
}

export interface AuditAppProps {
  grid?: 'v8' | 'v9';
  rows?: readonly AuditRow[];
  details?: string;
}

export function AuditApp({ grid = 'v8', rows = AUDIT_ROWS, details }: AuditAppProps) {
  const open = details ? rows.find((r) => r.key === details) : undefined;
  const selection = useMemo(() => {
    const s = new Selection({ getKey: (r) => (r as unknown as AuditRow).key });
    s.setItems(rows as unknown as Record<string, unknown>[], false);
    if (open) s.setKeySelected(open.key, true, false);
    return s;
  }, [rows, open]);
  if (grid === 'v9') {
    const columns: TableColumnDefinition<AuditRow>[] = AUDIT_COLUMNS.map((c) =>
      createTableColumn<AuditRow>({
        columnId: c.key,
        renderHeaderCell: () => c.name,
        renderCell: (r) => c.get(r),
      }),
    );
    return (
      <FluentProvider theme={webLightTheme}>
        <h1>Audit logs</h1>
        <DataGrid
          items={[...rows]}
          columns={columns}
          getRowId={(r: AuditRow) => r.key}
          selectionMode="single"
          selectedItems={open ? [open.key] : []}
          aria-label="Audit logs"
        >
          <DataGridHeader>
            <DataGridRow>
              {({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}
            </DataGridRow>
          </DataGridHeader>
          <DataGridBody<AuditRow>>
            {({ item, rowId }) => (
              <DataGridRow<AuditRow> key={rowId}>
                {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
              </DataGridRow>
            )}
          </DataGridBody>
        </DataGrid>
        {open && (
          <OverlayDrawer open position="end" modalType="non-modal">
            <DrawerHeader>
              <DrawerHeaderTitle>Audit Log Details</DrawerHeaderTitle>
            </DrawerHeader>
            <DrawerBody>
              {paneFields(open).map(([k, v]) => (
                <div key={k} className="detail-pair">
                  <V9Label>{k}</V9Label>
                  <V9Text>{v}</V9Text>
                </div>
              ))}
              {open.modified.length > 0 && (
                <DataGrid
                  items={open.modified}
                  columns={['Property name', 'Old value', 'New value'].map((n, i) =>
                    createTableColumn<[string, string, string]>({
                      columnId: n,
                      renderHeaderCell: () => n,
                      renderCell: (m) => m[i],
                    }),
                  )}
                  aria-label="Modified Properties"
                >
                  <DataGridHeader>
                    <DataGridRow>
                      {({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}
                    </DataGridRow>
                  </DataGridHeader>
                  <DataGridBody<[string, string, string]>>
                    {({ item, rowId }) => (
                      <DataGridRow<[string, string, string]> key={rowId}>
                        {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
                      </DataGridRow>
                    )}
                  </DataGridBody>
                </DataGrid>
              )}
            </DrawerBody>
          </OverlayDrawer>
        )}
      </FluentProvider>
    );
  }
  const columns: IColumn[] = AUDIT_COLUMNS.map((c) => ({
    key: c.key,
    name: c.name,
    minWidth: 90,
    maxWidth: 260,
    isResizable: true,
    onRender: (r: AuditRow) => c.get(r),
  }));
  return (
    <div>
      <h1>Audit logs</h1>
      <DetailsList
        items={[...rows]}
        columns={columns}
        getKey={(r: AuditRow) => r.key}
        setKey="audit"
        selection={selection}
        selectionMode={SelectionMode.single}
        layoutMode={DetailsListLayoutMode.fixedColumns}
        onShouldVirtualize={() => false}
        ariaLabelForGrid="Audit logs"
      />
      {open && (
        <Panel isOpen type={PanelType.medium} headerText="Audit Log Details" isBlocking={false}>
          <Details r={open} />
        </Panel>
      )}
    </div>
  );
}
