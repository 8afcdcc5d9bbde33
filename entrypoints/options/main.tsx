/**
 * Options: custom console hosts (Okta custom domains, GitHub Enterprise Server). Each is an
 * optional host permission requested here, in the click's user gesture, and the console content
 * script is registered for it at run time (lib/messaging/custom-hosts.ts). The learning switch
 * (lib/messaging/learning-switch.ts) and "Delete all stored data", which goes to the background's
 * store over messages (lib/messaging/store-rpc.ts) like the sidebar's cases.
 */
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { isLearningEnabled, setLearningEnabled } from '../../lib/messaging/learning-switch';
import { remoteRepository } from '../../lib/messaging/store-rpc';
import { purgeQuestion } from '../../lib/store/purge';
import { OptionsView } from '../../components/OptionsView';
import { addCustomHost, listCustomHosts, removeCustomHost, type CustomHost } from '../../lib/messaging/custom-hosts';

const store = remoteRepository({
  send: (req) => browser.runtime.sendMessage(req),
  listen: (cb) => {
    const l = (raw: unknown) => cb(raw);
    browser.runtime.onMessage.addListener(l);
    return () => browser.runtime.onMessage.removeListener(l);
  },
});
const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

function App() {
  const [hosts, setHosts] = useState<CustomHost[]>([]);
  const [error, setError] = useState<string>();
  const [learning, setLearning] = useState<boolean>();
  const [purge, setPurge] = useState<{ question?: string; done?: string; error?: string }>();
  const reload = useCallback(() => {
    listCustomHosts().then(setHosts, (e: unknown) => setError(String(e)));
  }, []);
  useEffect(reload, [reload]);
  useEffect(() => void isLearningEnabled().then(setLearning, () => setLearning(true)), []);
  return (
    <OptionsView
      hosts={hosts}
      error={error}
      learning={learning}
      onLearningChange={(on) => void setLearningEnabled(on).then(() => setLearning(on), (e: unknown) => setError(text(e)))}
      purge={purge}
      onPurgeAsk={() => void store.countStored().then((c) => setPurge({ question: purgeQuestion(c) }), (e: unknown) => setPurge({ error: text(e) }))}
      onPurgeCancel={() => setPurge(undefined)}
      onPurgeConfirm={() =>
        void store.purgeAll().then(
          (c) => setPurge({ done: `Deleted ${c.cases} case(s), ${c.notes} note(s) and ${c.baselines} tenant baseline(s).` }),
          (e: unknown) => setPurge({ error: `Nothing was deleted: ${text(e)}` }),
        )
      }
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
