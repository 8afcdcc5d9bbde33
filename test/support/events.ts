/**
 * Builders for TokenEvents in unit tests: a valid event with sensible defaults, overridden per
 * test. Every built event is checked against the zod schema so fixtures cannot drift from the model.
 */
import { TokenEventSchema, type TokenEvent } from '../../lib/model/token-event';

let seq = 0;

export type EventOverrides = Partial<Omit<TokenEvent, 'actor' | 'source' | 'action' | 'outcome'>> & {
  actor?: Partial<TokenEvent['actor']>;
  source?: Partial<TokenEvent['source']>;
  action?: Partial<TokenEvent['action']>;
  outcome?: Partial<TokenEvent['outcome']>;
};

export const T0 = Date.UTC(2026, 2, 2, 9, 0, 0); // Monday 09:00 UTC
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export function ev(o: EventOverrides = {}): TokenEvent {
  seq += 1;
  const e: TokenEvent = {
    id: o.id ?? `evt-${seq}`,
    time: o.time ?? T0,
    ...(o.timeKnown === false ? { timeKnown: false as const } : {}),
    provider: o.provider ?? 'aws',
    format: o.format ?? 'cloudtrail',
    class: o.class ?? 'api_activity',
    actor: { id: 'arn:aws:iam::111122223333:user/alice', kind: 'human', ...o.actor },
    credential: o.credential,
    source: { ...o.source },
    action: { name: 'ListBuckets', service: 's3.amazonaws.com', verb: 'list', ...o.action },
    target: o.target,
    app: o.app,
    outcome: { success: true, ...o.outcome },
    risk: o.risk,
    details: o.details,
    ref: o.ref,
  };
  return TokenEventSchema.parse(e);
}

/** `n` events spaced `stepMs` apart from `start`, each built from `make(i)`. */
export function series(n: number, start: number, stepMs: number, make: (i: number) => EventOverrides): TokenEvent[] {
  return Array.from({ length: n }, (_, i) => ev({ time: start + i * stepMs, ...make(i) }));
}
