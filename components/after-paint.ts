/**
 * Runs `then` in a task of its own after the next painted frame (its requestAnimationFrame, then
 * a timer), or in a plain task where there are no frames (tests without layout). Returns a cancel.
 * Big views use it to put work after what is already on screen: the case view's stages
 * (./case/Stages.tsx), the events table handing its scroller to the virtualizer
 * (./EvidenceTable.tsx).
 */
export function afterPaint(then: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame =
    typeof requestAnimationFrame === 'function'
      ? requestAnimationFrame(() => (timer = setTimeout(then, 0)))
      : ((timer = setTimeout(then, 0)), undefined);
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
