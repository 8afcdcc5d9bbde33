import { describe, expect, it } from 'vitest';
import { importRate } from './import-file';

describe('importRate (the sidebar says how fast an import went)', () => {
  it('gives records, seconds and records per second', () => {
    expect(importRate(200_000, 8_000)).toBe('200,000 records in 8.0 s (25,000 records/s)');
    expect(importRate(1, 250)).toBe('1 record in 0.3 s (4 records/s)');
    expect(importRate(1_000_000, 42_400)).toBe('1,000,000 records in 42 s (23,585 records/s)');
  });

  it('never divides by zero on an instant import', () => {
    expect(importRate(10, 0)).toBe('10 records in 0.0 s (10,000 records/s)');
  });
});
