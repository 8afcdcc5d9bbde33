/**
 * Renders a big case view in stages, so that opening a 5,000-event case never blocks the page
 * for long: the parts outside a <Stage> (the header, the table of contents, the events table)
 * are on screen in the first paint, then each <Stage> part mounts in a task of its own, in
 * document order, one after the other (a part is mounted, committed and painted before the next
 * starts). With `enabled` false (small cases, the tests' samples) every part renders at once.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

/** One part at a time: each waits for the one before it to be committed, then for a paint. */
export class StageQueue {
  private readonly waiting: (() => void)[] = [];
  private busy = false;
  private stopped = false;
  /** Bumped by stop(): a turn scheduled before it never starts a part after it. */
  private generation = 0;

  /** Queues `start`; returns a function that takes it off the queue (on unmount). */
  add(start: () => void): () => void {
    this.waiting.push(start);
    this.pump();
    return () => {
      const i = this.waiting.indexOf(start);
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
    // After the next frame (the previous part is painted), in a task of its own.
    const next = () =>
      setTimeout(() => {
        if (generation !== this.generation) return;
        const start = this.waiting.shift();
        if (start) start();
        else this.busy = false;
      }, 0);
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(next);
    else next();
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

/** `children` once its turn comes (at once without a queue); `placeholder` until then. */
export function Stage({ placeholder, children }: { placeholder: ReactNode; children: ReactNode }) {
  const queue = useContext(StageContext);
  const [ready, setReady] = useState(queue === undefined);
  useEffect(() => {
    if (ready || !queue) return;
    return queue.add(() => setReady(true));
  }, [ready, queue]);
  useEffect(() => {
    if (ready && queue) queue.done();
  }, [ready, queue]);
  return <>{ready ? children : placeholder}</>;
}
