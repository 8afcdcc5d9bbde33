/**
 * Options: custom console hosts (Okta custom domains, GitHub Enterprise Server). Each is an
 * optional host permission requested here, in the click's user gesture, and the console content
 * script is registered for it at run time (lib/messaging/custom-hosts.ts). The analyst's name
 * (lib/messaging/analyst-name.ts), the learning switch (lib/messaging/learning-switch.ts), the
 * team's settings file and its field-by-field editor (lib/messaging/team-settings.ts, stored in
 * extension storage exactly as an imported file; components/options/use-team-settings.ts) and
 * "Delete all stored data", which goes to the background's store over messages
 * (lib/messaging/store-rpc.ts) like the sidebar's cases.
 */
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { isLearningEnabled, setLearningEnabled } from '../../lib/messaging/learning-switch';
import { remoteRepository } from '../../lib/messaging/store-rpc';
import { purgeQuestion } from '../../lib/store/purge';
import {
  exportTeamSettings,
  importTeamSettings,
  loadTeamSettings,
  saveTeamSettings,
} from '../../lib/messaging/team-settings';
import { loadAnalystName, saveAnalystName } from '../../lib/messaging/analyst-name';
import { settingsSummary } from '../../lib/engine/settings';
import { OptionsView } from '../../components/OptionsView';
import { useTeamSettings, type TeamSettingsStore } from '../../components/options/use-team-settings';
import './style.css';
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
const teamStore: TeamSettingsStore = { load: loadTeamSettings, save: saveTeamSettings };

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
  const [team, setTeam] = useState<{ summary?: string; imported?: string; errors?: string[] }>();
  const editor = useTeamSettings(teamStore);
  // What is in force, said in one line: again after every import and every saved edit.
  const { settings: inForce, problem, reload: reloadEditor } = editor;
  useEffect(() => setTeam((t) => ({ ...t, summary: problem ?? settingsSummary(inForce) })), [inForce, problem]);
  const [analyst, setAnalyst] = useState<string>();
  useEffect(() => void loadAnalystName().then(setAnalyst, () => setAnalyst('')), []);
  return (
    <OptionsView
      editor={editor}
      analyst={analyst}
      onAnalystChange={(name) => void saveAnalystName(name).then(setAnalyst, (e: unknown) => setError(text(e)))}
      hosts={hosts}
      error={error}
      learning={learning}
      onLearningChange={(on) =>
        void setLearningEnabled(on).then(
          () => setLearning(on),
          (e: unknown) => setError(text(e)),
        )
      }
      purge={purge}
      onPurgeAsk={() =>
        void store.countStored().then(
          (c) => setPurge({ question: purgeQuestion(c) }),
          (e: unknown) => setPurge({ error: text(e) }),
        )
      }
      onPurgeCancel={() => setPurge(undefined)}
      onPurgeConfirm={() =>
        void store.purgeAll().then(
          (c) =>
            setPurge({ done: `Deleted ${c.cases} case(s), ${c.notes} note(s) and ${c.baselines} tenant baseline(s).` }),
          (e: unknown) => setPurge({ error: `Nothing was deleted: ${text(e)}` }),
        )
      }
      team={team}
      onTeamImport={(file) =>
        void importTeamSettings(file).then(
          (r) => {
            setTeam(
              r.ok
                ? {
                    summary: settingsSummary(r.settings),
                    imported: 'Imported: every tab is judged again with these settings.',
                  }
                : { ...team, imported: undefined, errors: r.errors },
            );
            if (r.ok) reloadEditor();
          },
          (e: unknown) => setTeam({ ...team, errors: [text(e)] }),
        )
      }
      onTeamExport={() =>
        void exportTeamSettings().then((json) => {
          // A file the analyst saves (a blob URL of this page: no download permission, no network).
          const a = document.createElement('a');
          a.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
          a.download = 'token-triage-settings.json';
          a.click();
          URL.revokeObjectURL(a.href);
        })
      }
      onAdd={(host) => {
        setError(undefined);
        addCustomHost(host).then(
          (err) => {
            if (err) setError(err);
            reload();
          },
          (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
        );
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
