/** Entry of the audit replica page: `?grid=v9` for the Fluent v9 DataGrid, `?details=<row key>` opens the pane. */
import { createRoot } from 'react-dom/client';
import { setIconOptions } from '@fluentui/react';
import { AuditApp } from './app';

const q = new URLSearchParams(location.search);
// No icon font: the replica loads nothing from the network (the portal's icons are not what is read).
setIconOptions({ disableWarnings: true });
createRoot(document.getElementById('root')!).render(
  <AuditApp grid={q.get('grid') === 'v9' ? 'v9' : 'v8'} details={q.get('details') ?? undefined} />,
);
