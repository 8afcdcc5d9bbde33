/** Entry of the sign-in replica page: `?grid=v9` for the Fluent v9 DataGrid, `?tab=`, `?details=<request id>`. */
import { createRoot } from 'react-dom/client';
import { setIconOptions } from '@fluentui/react';
import { SignInsApp, TAB_TITLES, type Tab } from './app';

const q = new URLSearchParams(location.search);
const tabParam = q.get('tab');
const tab = tabParam && tabParam in TAB_TITLES ? (tabParam as Tab) : 'non-interactive';
// No icon font: the replica loads nothing from the network (the portal's icons are not what is read).
setIconOptions({ disableWarnings: true });
createRoot(document.getElementById('root')!).render(
  <SignInsApp grid={q.get('grid') === 'v9' ? 'v9' : 'v8'} tab={tab} details={q.get('details') ?? undefined} />,
);
