/**
 * Options: custom console hosts (Okta custom domains, GitHub Enterprise Server). Each is an
 * optional host permission requested here, in the click's user gesture, and the console content
 * script is registered for it at run time (lib/messaging/custom-hosts.ts).
 */
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { OptionsView } from '../../components/OptionsView';
import { addCustomHost, listCustomHosts, removeCustomHost, type CustomHost } from '../../lib/messaging/custom-hosts';

function App() {
  const [hosts, setHosts] = useState<CustomHost[]>([]);
  const [error, setError] = useState<string>();
  const reload = useCallback(() => {
    listCustomHosts().then(setHosts, (e: unknown) => setError(String(e)));
  }, []);
  useEffect(reload, [reload]);
  return (
    <OptionsView
      hosts={hosts}
      error={error}
      onAdd={(host) => {
        setError(undefined);
        addCustomHost(host).then((err) => {
          if (err) setError(err);
          reload();
        }, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
      }}
      onRemove={(host) => {
        removeCustomHost(host).then(reload, (e: unknown) => setError(String(e)));
      }}
    />
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
