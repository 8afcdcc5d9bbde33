/**
 * Renders a big case view in stages, so that opening a 5,000-event case never blocks the page
 * for long: the parts outside a <Stage> (the header, the table of contents) are in the first
 * paint, then each <Stage> part mounts in a task of its own, one after the other (a part is
 * mounted, committed and painted before the next starts): the parts marked `first` (the events
 * table), then the others in document order. A part with `prepare` (computing its facts over
 * every event) runs it in a task of its own just before it mounts, so the computing and the
 * drawing are two tasks, not one. With `enabled` false (small cases, the tests' samples) every
 * part renders at once.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { afterPaint } from '../after-paint';

/** One part at a time: each waits for the one before it to be committed, then for a paint. */
export class StageQueue {
  private readonly waiting: { start: () => void; first: boolean; prepare?: () => void }[] = [];
  private busy = false;
  private stopped = false;
  /** Bumped by stop(): a turn scheduled before it never starts a part after it. */
  private generation = 0;

  /**
   * Queues `start`, after the parts queued before it, or with `first` ahead of every part queued
   * without it; at its turn `prepare` (if any) runs first, in a task of its own. Returns a
   * function that takes it off the queue (on unmount).
   */
  add(start: () => void, first = false, prepare?: () => void): () => void {
    const part = { start, first, prepare };
    const at = first ? this.waiting.findIndex((p) => !p.first) : -1;
    if (at >= 0) this.waiting.splice(at, 0, part);
    else this.waiting.push(part);
    this.pump();
    return () => {
      const i = this.waiting.indexOf(part);
      if (i >= 0) this.waiting.splice(i, 1);
    };
  }

  /** The part started last is on screen: the next may start. */
  done(): void {
    this.busy = false;
    this.pump();
  }

  /** The view is gone: nothing more starts (what is queued is dropped). */
  stop(): void {
    this.stopped = true;
    this.busy = false;
    this.generation += 1;
    this.waiting.length = 0;
  }

  /** The view is back (React's StrictMode unmounts and mounts again): parts queued since go on. */
  resume(): void {
    this.stopped = false;
    this.pump();
  }

  private pump(): void {
    if (this.busy || this.stopped || !this.waiting.length) return;
    this.busy = true;
    const generation = this.generation;
    // After the next frame (the previous part is painted), in a task of its own; a part's
    // `prepare` in the task before its start.
    afterPaint(() => {
      if (generation !== this.generation) return;
      const part = this.waiting.shift();
      if (!part) this.busy = false;
      else if (!part.prepare) part.start();
      else {
        part.prepare();
        setTimeout(() => {
          if (generation === this.generation) part.start();
        }, 0);
      }
    });
  }
}

const StageContext = createContext<StageQueue | undefined>(undefined);

/** Gives the parts under it one queue; `enabled` false renders them all at once. */
export function Stages({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const queue = useRef<StageQueue | undefined>(undefined);
  if (enabled && !queue.current) queue.current = new StageQueue();
  useEffect(() => {
    queue.current?.resume();
    return () => queue.current?.stop();
  }, []);
  return <StageContext.Provider value={enabled ? queue.current : undefined}>{children}</StageContext.Provider>;
}

/**
 * `children` once its turn comes (at once without a queue); `placeholder` until then. `first`
 * takes its turn before the parts without it; `prepare` runs in the task before the turn's.
 */
export function Stage({
  placeholder,
  first = false,
  prepare,
  children,
}: {
  placeholder: ReactNode;
  first?: boolean;
  prepare?: () => void;
  children: ReactNode;
}) {
  const queue = useContext(StageContext);
  const [ready, setReady] = useState(queue === undefined);
  // The latest `prepare` (a new closure each render), called through a ref so it never re-queues the part.
  const prepareNow = useRef(prepare);
  prepareNow.current = prepare;
  const prepares = prepare !== undefined;
  useEffect(() => {
    if (ready || !queue) return;
    return queue.add(() => setReady(true), first, prepares ? () => prepareNow.current?.() : undefined);
  }, [ready, queue, first, prepares]);
  useEffect(() => {
    if (ready && queue) queue.done();
  }, [ready, queue]);
  return <>{ready ? children : placeholder}</>;
}
