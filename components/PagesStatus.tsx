/** What the extension read on this tab: one line per frame with a log view, or why not. */
import type { PageInfo } from '../lib/messaging/tab-state';

export function PagesStatus({ pages, selectionRecords }: { pages: PageInfo[]; selectionRecords: number }) {
  const logPages = pages.filter((p) => p.readerId !== null);
  if (!logPages.length && !selectionRecords) {
    return <p className="status">No log view is read on this page. Open a supported log page, or use Import.</p>;
  }
  return (
    <ul className="pages">
      {logPages.map((p) => (
        <li key={p.frameId} className={p.recognized ? 'page' : 'page not-read'}>
          <strong>{p.readerTitle ?? p.readerId}</strong>
          {p.recognized ? (
            <span>
              {' '}
              · {p.rows} row{p.rows === 1 ? '' : 's'} read
            </span>
          ) : (
            <span>
              {' '}
              · This view is not read yet{p.note ? `: ${p.note}` : ''}
            </span>
          )}
        </li>
      ))}
      {selectionRecords > 0 && <li className="page">Selected JSON · {selectionRecords} record{selectionRecords === 1 ? '' : 's'}</li>}
    </ul>
  );
}
