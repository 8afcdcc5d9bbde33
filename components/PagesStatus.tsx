/**
 * What the extension read on this tab: one line per frame with a log view, or why not. A view
 * that hides columns the engine needs (ReadResult.partial) says "partial view", which columns
 * to turn on by the console's own names, and how (the reader's advice, plain text).
 */
import type { PageInfo } from '../lib/messaging/tab-state';

export function PagesStatus({ pages, selectionRecords }: { pages: PageInfo[]; selectionRecords: number }) {
  // The Azure portal's top frame matches the same reader as its view iframe, which reads the grid:
  // a frame that reads a view makes another frame's "not read" of that same view moot.
  const read = new Set(pages.filter((p) => p.recognized).map((p) => p.readerId));
  const logPages = pages.filter((p) => p.readerId !== null && (p.recognized || !read.has(p.readerId)));
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
              {p.partial && (
                <span className="partial-view" role="note">
                  {' '}
                  · <strong>Partial view</strong>: this view hides {p.partial.missing.join(', ')}, which the verdict
                  needs. {p.partial.advice}
                </span>
              )}
            </span>
          ) : (
            <span> · This view is not read yet{p.note ? `: ${p.note}` : ''}</span>
          )}
        </li>
      ))}
      {selectionRecords > 0 && (
        <li className="page">
          Selected JSON · {selectionRecords} record{selectionRecords === 1 ? '' : 's'}
        </li>
      )}
    </ul>
  );
}
