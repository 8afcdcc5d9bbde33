/**
 * Top-frame shell: embeds the grid page in an iframe, like the portal embeds a React view from
 * `*.reactblade.portal.azure.net`. `?frame=<url>` gives the iframe's URL (default `./index.html`);
 * the shell's own `?grid=`, `?tab=` and `?details=` are passed on when the frame URL has none.
 */
const q = new URLSearchParams(location.search);
const src = new URL(q.get('frame') ?? './index.html', location.href);
for (const k of ['grid', 'tab', 'details']) {
  const v = q.get(k);
  if (v !== null && !src.searchParams.has(k)) src.searchParams.set(k, v);
}
const frame = document.getElementById('blade') as HTMLIFrameElement | null;
if (frame && /^https?:$/.test(src.protocol)) frame.src = src.href;
