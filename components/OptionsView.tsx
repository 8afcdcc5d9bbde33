/** The options page's view: custom hosts, each granted and registered at run time. */
import { useState } from 'react';
import type { CustomHost } from '../lib/messaging/custom-hosts';

export interface OptionsViewProps {
  hosts: CustomHost[];
  error?: string;
  onAdd(host: string): void;
  onRemove(host: string): void;
}

export function OptionsView({ hosts, error, onAdd, onRemove }: OptionsViewProps) {
  const [value, setValue] = useState('');
  return (
    <main style={{ font: '14px system-ui, sans-serif', maxWidth: 640, margin: '16px' }}>
      <h1 style={{ fontSize: 18 }}>Token Triage: custom console hosts</h1>
      <p>
        Token Triage reads only the console hosts it was installed for. Add an Okta custom domain or a GitHub
        Enterprise Server host here: the browser asks you to allow that one host, and the page reader then runs there.
        Nothing is sent anywhere.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onAdd(value.trim());
        }}
      >
        <input aria-label="Host" placeholder="login.example.com or github.example.com" value={value} onChange={(e) => setValue(e.target.value)} size={40} />{' '}
        <button type="submit">Allow and add</button>
      </form>
      {error && <p role="alert" style={{ color: '#b3261e' }}>{error}</p>}
      <h2 style={{ fontSize: 15 }}>Added hosts</h2>
      {hosts.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {hosts.map((h) => (
            <li key={h.host}>
              <code>{h.host}</code> {h.granted ? '' : '(permission revoked)'}{' '}
              <button type="button" onClick={() => onRemove(h.host)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
