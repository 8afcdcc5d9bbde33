// @vitest-environment jsdom
/**
 * The "Mark as expected" form (issue 10): opens from its button with the proposal in words and the
 * suggested reason, refuses an empty reason or a past expiry in words, hands the entry (reason and
 * expiry as typed) to onMark, shows a refusal and stays open, cancels with Escape, and renders
 * log text as text.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MarkExpected } from './MarkExpected';
import type { AllowEntry } from '../lib/engine/allow-list';

afterEach(cleanup);

const EVIL = '<img src=x onerror="window.__pwned=1">';
const entry: AllowEntry = {
  kind: 'cidr',
  value: '90.1.1.1/32',
  identity: 'alice',
  reason: 'Expected: alice from 90.1.1.1',
};
const finding = {
  title: `alice used from a new IP ${EVIL}`,
  proposal: { entry, words: `alice's activity from 90.1.1.1 (this address only) ${EVIL}` },
};

const openForm = () => {
  fireEvent.click(screen.getByRole('button', { name: /^Mark as expected/ }));
  return screen.getByRole('form', { name: /^Mark as expected/ });
};

describe('MarkExpected', () => {
  it('opens a labelled form with the proposal in words, the suggested reason focused', () => {
    render(<MarkExpected finding={finding} onMark={vi.fn()} today="2026-10-01" />);
    const form = openForm();
    expect(form.textContent).toContain(`alice's activity from 90.1.1.1 (this address only) ${EVIL}`); // as text
    expect(document.querySelector('img')).toBeNull();
    const reason = screen.getByLabelText('Reason (required)');
    expect(reason).toHaveProperty('value', 'Expected: alice from 90.1.1.1');
    expect(document.activeElement).toBe(reason);
    expect(screen.getByLabelText('Expires (optional)')).toHaveProperty('type', 'date');
  });

  it('confirms the entry with the reason and expiry as typed, then says it is marked', async () => {
    const onMark = vi.fn(async () => undefined);
    render(<MarkExpected finding={finding} onMark={onMark} today="2026-10-01" />);
    openForm();
    fireEvent.change(screen.getByLabelText('Reason (required)'), { target: { value: '  Alice in Paris, TRV-9 ' } });
    fireEvent.change(screen.getByLabelText('Expires (optional)'), { target: { value: '2026-12-31' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Confirm' })));
    expect(onMark).toHaveBeenCalledWith({
      kind: 'cidr',
      value: '90.1.1.1/32',
      identity: 'alice',
      reason: 'Alice in Paris, TRV-9',
      expires: '2026-12-31',
    });
    expect(screen.getByRole('status').textContent).toMatch(/^Marked as expected: alice's activity from 90\.1\.1\.1/);
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('refuses an empty reason and a past expiry in words, without calling onMark', async () => {
    const onMark = vi.fn();
    render(<MarkExpected finding={finding} onMark={onMark} today="2026-10-01" />);
    openForm();
    fireEvent.change(screen.getByLabelText('Reason (required)'), { target: { value: '   ' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Confirm' })));
    expect(screen.getByRole('alert').textContent).toMatch(/reason/);
    expect(screen.getByLabelText('Reason (required)').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(screen.getByLabelText('Reason (required)'), { target: { value: 'ok' } });
    fireEvent.change(screen.getByLabelText('Expires (optional)'), { target: { value: '2026-09-30' } });
    await act(async () => fireEvent.submit(screen.getByRole('form')));
    expect(screen.getByRole('alert').textContent).toBe(
      'The expiry 2026-09-30 is in the past: the entry would never apply.',
    );
    expect(onMark).not.toHaveBeenCalled();
  });

  it("shows the background's refusal and keeps the form open with what was typed", async () => {
    render(
      <MarkExpected
        finding={finding}
        onMark={() => Promise.reject(new Error('Not marked: the stored team settings no longer validate'))}
        today="2026-10-01"
      />,
    );
    openForm();
    fireEvent.change(screen.getByLabelText('Reason (required)'), { target: { value: 'VPN' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Confirm' })));
    expect(screen.getByRole('alert').textContent).toBe('Not marked: the stored team settings no longer validate');
    expect(screen.getByLabelText('Reason (required)')).toHaveProperty('value', 'VPN');
  });

  it('Escape cancels: the form closes, the button has the focus, the suggestion is back', () => {
    render(<MarkExpected finding={finding} onMark={vi.fn()} today="2026-10-01" />);
    openForm();
    fireEvent.change(screen.getByLabelText('Reason (required)'), { target: { value: 'half typed' } });
    fireEvent.keyDown(screen.getByLabelText('Reason (required)'), { key: 'Escape' });
    expect(screen.queryByRole('form')).toBeNull();
    const button = screen.getByRole('button', { name: /^Mark as expected/ });
    expect(document.activeElement).toBe(button);
    openForm();
    expect(screen.getByLabelText('Reason (required)')).toHaveProperty('value', 'Expected: alice from 90.1.1.1');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('renders nothing without a proposal, or for a finding already allowed', () => {
    const { container, rerender } = render(<MarkExpected finding={{ title: 't' }} onMark={vi.fn()} />);
    expect(container.innerHTML).toBe('');
    rerender(<MarkExpected finding={{ ...finding, allowed: 'allowed by …' }} onMark={vi.fn()} />);
    expect(container.innerHTML).toBe('');
  });
});
