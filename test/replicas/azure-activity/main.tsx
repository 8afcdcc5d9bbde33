/** Entry of the Activity log replica page: `?grid=v9` for the Fluent v9 DataGrid, `?details=<eventDataId>` opens the JSON pane. */
import { createRoot } from 'react-dom/client';
import { setIconOptions } from '@fluentui/react';
import { ActivityApp } from './app';

const q = new URLSearchParams(location.search);
// No icon font: the replica loads nothing from the network (the portal's icons are not what is read).
setIconOptions({ disableWarnings: true });
createRoot(document.getElementById('root')!).render(
  <ActivityApp grid={q.get('grid') === 'v9' ? 'v9' : 'v8'} details={q.get('details') ?? undefined} />,
);
