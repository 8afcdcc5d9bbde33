/**
 * The Azure Activity log replica: the grid (Fluent v8 DetailsList by default, v9 DataGrid with
 * `grid: 'v9'`) and an optional details pane whose JSON tab shows the event as text. Exported so
 * the reader tests render what the replica page shows. Story: with a token stolen from carol,
 * the attacker lists storage keys and grants itself a role from the VPS.
 */
import { useMemo } from 'react';
import {
  DetailsList,
  DetailsListLayoutMode,
  Panel,
  PanelType,
  Selection,
  SelectionMode,
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
  OverlayDrawer,
  webLightTheme,
  type TableColumnDefinition,
} from '@fluentui/react-components';

export interface ActivityRow {
  eventDataId: string;
  correlationId: string;
  operation: string;
  operationId: string;
  status: string;
  time: string;
  subscription: string;
  subscriptionId: string;
  caller: string;
  resourceGroup: string;
  resourceId: string;
  ip: string;
  uti: string;
}

const SUB = '2f3e0000-9999-4aaa-8bbb-00000000f001';
const rid = (rg: string, p: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/${p}`;

export const ACTIVITY_ROWS: readonly ActivityRow[] = [
  {
    eventDataId: 'e0000001-0000-4000-8000-0000000000a1',
    correlationId: 'c0000001-0000-4000-8000-0000000000c1',
    operation: 'List Storage Account Keys',
    operationId: 'Microsoft.Storage/storageAccounts/listKeys/action',
    status: 'Succeeded',
    time: '2026-11-09T09:20:31Z',
    subscription: 'Contoso Production',
    subscriptionId: SUB,
    caller: 'carol.diaz@contoso.example',
    resourceGroup: 'rg-finance',
    resourceId: rid('rg-finance', 'Microsoft.Storage/storageAccounts/contosofinance'),
    ip: '159.89.14.202',
    uti: 'uti-carol-vps-3',
  },
  {
    eventDataId: 'e0000002-0000-4000-8000-0000000000a2',
    correlationId: 'c0000002-0000-4000-8000-0000000000c2',
    operation: 'Create role assignment',
    operationId: 'Microsoft.Authorization/roleAssignments/write',
    status: 'Succeeded',
    time: '2026-11-09T09:22:05Z',
    subscription: 'Contoso Production',
    subscriptionId: SUB,
    caller: 'carol.diaz@contoso.example',
    resourceGroup: 'rg-finance',
    resourceId: rid('rg-finance', 'Microsoft.Authorization/roleAssignments/7d1e0000-0000-4000-8000-000000000001'),
    ip: '159.89.14.202',
    uti: 'uti-carol-vps-3',
  },
  {
    eventDataId: 'e0000003-0000-4000-8000-0000000000a3',
    correlationId: 'c0000003-0000-4000-8000-0000000000c3',
    operation: 'Run command on Virtual Machine',
    operationId: 'Microsoft.Compute/virtualMachines/runCommand/action',
    status: 'Failed',
    time: '2026-11-09T09:24:40Z',
    subscription: 'Contoso Production',
    subscriptionId: SUB,
    caller: 'carol.diaz@contoso.example',
    resourceGroup: 'rg-web',
    resourceId: rid('rg-web', 'Microsoft.Compute/virtualMachines/web-01'),
    ip: '159.89.14.202',
    uti: 'uti-carol-vps-3',
  },
  {
    eventDataId: 'e0000004-0000-4000-8000-0000000000a4',
    correlationId: 'c0000004-0000-4000-8000-0000000000c4',
    operation: 'Update website',
    operationId: 'Microsoft.Web/sites/write',
    status: 'Succeeded',
    time: '2026-11-06T14:10:00Z',
    subscription: 'Contoso Production',
    subscriptionId: SUB,
    caller: 'dave.kim@contoso.example',
    resourceGroup: 'rg-web',
    resourceId: rid('rg-web', 'Microsoft.Web/sites/contoso-web'),
    ip: '81.2.69.192',
    uti: 'uti-5eed0255',
  },
];

/** The event as the portal's JSON tab shows it (REST shape). */
export function activityJson(r: ActivityRow): Record<string, unknown> {
  return {
    authorization: { action: r.operationId, scope: r.resourceId },
    caller: r.caller,
    claims: { upn: r.caller, ipaddr: r.ip, uti: r.uti, idtyp: 'user', appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' },
    correlationId: r.correlationId,
    category: { value: 'Administrative', localizedValue: 'Administrative' },
    eventDataId: r.eventDataId,
    eventTimestamp: r.time,
    httpRequest: { clientRequestId: 'x', clientIpAddress: r.ip, method: 'POST' },
    operationName: { value: r.operationId, localizedValue: r.operation },
    resourceGroupName: r.resourceGroup,
    resourceId: r.resourceId,
    status: { value: r.status, localizedValue: r.status },
    subscriptionId: r.subscriptionId,
  };
}

interface Col {
  key: string;
  name: string;
  get(r: ActivityRow): string;
}
export const ACTIVITY_COLUMNS: Col[] = [
  { key: 'operationName', name: 'Operation name', get: (r) => r.operation },
  { key: 'status', name: 'Status', get: (r) => r.status },
  { key: 'time', name: 'Time', get: () => '3 days ago' },
  { key: 'eventTimestamp', name: 'Time stamp', get: (r) => new Date(r.time).toString() },
  { key: 'subscription', name: 'Subscription', get: (r) => r.subscription },
  { key: 'caller', name: 'Event initiated by', get: (r) => r.caller },
];

export interface ActivityAppProps {
  grid?: 'v8' | 'v9';
  rows?: readonly ActivityRow[];
  details?: string;
}

export function ActivityApp({ grid = 'v8', rows = ACTIVITY_ROWS, details }: ActivityAppProps) {
  const open = details ? rows.find((r) => r.eventDataId === details) : undefined;
  const selection = useMemo(() => {
    const s = new Selection({ getKey: (r) => (r as unknown as ActivityRow).eventDataId });
    s.setItems(rows as unknown as Record<string, unknown>[], false);
    if (open) s.setKeySelected(open.eventDataId, true, false);
    return s;
  }, [rows, open]);
  const json = open ? <pre className="activity-json">{JSON.stringify(activityJson(open), null, 2)}</pre> : null;
  if (grid === 'v9') {
    const columns: TableColumnDefinition<ActivityRow>[] = ACTIVITY_COLUMNS.map((c) =>
      createTableColumn<ActivityRow>({
        columnId: c.key,
        renderHeaderCell: () => c.name,
        renderCell: (r) => c.get(r),
      }),
    );
    return (
      <FluentProvider theme={webLightTheme}>
        <h1>Activity log</h1>
        <DataGrid
          items={[...rows]}
          columns={columns}
          getRowId={(r: ActivityRow) => r.eventDataId}
          selectionMode="single"
          selectedItems={open ? [open.eventDataId] : []}
          aria-label="Activity log"
        >
          <DataGridHeader>
            <DataGridRow>
              {({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}
            </DataGridRow>
          </DataGridHeader>
          <DataGridBody<ActivityRow>>
            {({ item, rowId }) => (
              <DataGridRow<ActivityRow> key={rowId}>
                {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
              </DataGridRow>
            )}
          </DataGridBody>
        </DataGrid>
        {open && (
          <OverlayDrawer open position="end" modalType="non-modal">
            <DrawerHeader>
              <DrawerHeaderTitle>{open.operation}</DrawerHeaderTitle>
            </DrawerHeader>
            <DrawerBody>{json}</DrawerBody>
          </OverlayDrawer>
        )}
      </FluentProvider>
    );
  }
  const columns: IColumn[] = ACTIVITY_COLUMNS.map((c) => ({
    key: c.key,
    name: c.name,
    minWidth: 90,
    maxWidth: 300,
    isResizable: true,
    onRender: (r: ActivityRow) => c.get(r),
  }));
  return (
    <div>
      <h1>Activity log</h1>
      <DetailsList
        items={[...rows]}
        columns={columns}
        getKey={(r: ActivityRow) => r.eventDataId}
        setKey="activity"
        selection={selection}
        selectionMode={SelectionMode.single}
        layoutMode={DetailsListLayoutMode.fixedColumns}
        onShouldVirtualize={() => false}
        ariaLabelForGrid="Activity log"
      />
      {open && (
        <Panel isOpen type={PanelType.medium} headerText={open.operation} isBlocking={false}>
          {json}
        </Panel>
      )}
    </div>
  );
}
