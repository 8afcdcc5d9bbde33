/**
 * The options page's view: custom hosts, each granted and registered at run time; the analyst's
 * name for cases; the team's settings file (import, export, what is in force) and, when the
 * editor's state is given, every setting field by field (components/options/); the switch for
 * learning baselines; "Delete all stored data" behind a confirmation that says what goes (the
 * question's text comes from lib/store/purge.ts).
 */
import { useState } from 'react';
import type { CustomHost } from '../lib/messaging/custom-hosts';
import { TeamSettingsEditor } from './options/TeamSettingsEditor';
import type { TeamSettingsEditorState } from './options/use-team-settings';

export interface OptionsViewProps {
  hosts: CustomHost[];
  error?: string;
  onAdd(host: string): void;
  onRemove(host: string): void;
  /** Whether page rows are learned into the stored baselines (undefined while it is read). */
  learning?: boolean;
  onLearningChange?(on: boolean): void;
  /** The purge: the confirmation question while it is asked, then what was deleted or the error. */
  purge?: { question?: string; done?: string; error?: string };
  onPurgeAsk?(): void;
  onPurgeConfirm?(): void;
  onPurgeCancel?(): void;
  /** The team's settings file (the CLI's --settings): what is in force, and the import's outcome. */
  team?: { summary?: string; imported?: string; errors?: string[] };
  onTeamImport?(text: string): void;
  onTeamExport?(): void;
  /** The settings field by field (components/options/use-team-settings.ts). */
  editor?: TeamSettingsEditorState;
  /** The analyst's name for cases (undefined while it is read). */
  analyst?: string;
  onAnalystChange?(name: string): void;
}

export function OptionsView({
  hosts,
  error,
  onAdd,
  onRemove,
  learning,
  onLearningChange,
  purge,
  onPurgeAsk,
  onPurgeConfirm,
  onPurgeCancel,
  team,
  onTeamImport,
  onTeamExport,
  editor,
  analyst,
  onAnalystChange,
}: OptionsViewProps) {
  const [value, setValue] = useState('');
  const retention = editor?.settings.baseline.retentionDays ?? 30;
  return (
    <main className="options">
      <h1>Token Triage options</h1>
      <h2>Custom console hosts</h2>
      <p>
        Token Triage reads only the console hosts it was installed for. Add an Okta custom domain or a GitHub Enterprise
        Server host here: the browser asks you to allow that one host, and the page reader then runs there. Nothing is
        sent anywhere.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onAdd(value.trim());
        }}
      >
        <input
          aria-label="Host"
          placeholder="login.example.com or github.example.com"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          size={40}
        />{' '}
        <button type="submit">Allow and add</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <h3>Added hosts</h3>
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
      {onAnalystChange && (
        <>
          <h2>You</h2>
          <div className="setting">
            <label htmlFor="analyst-name">Your name for cases</label>{' '}
            <input
              key={analyst ?? ''}
              id="analyst-name"
              defaultValue={analyst ?? ''}
              disabled={analyst === undefined}
              size={30}
              onBlur={(e) => e.currentTarget.value !== analyst && onAnalystChange(e.currentTarget.value)}
              onKeyDown={(e) =>
                e.key === 'Enter' && e.currentTarget.value !== analyst && onAnalystChange(e.currentTarget.value)
              }
            />{' '}
            <span className="hint">kept in this browser, written into the cases you open</span>
          </div>
        </>
      )}
      <h2>The team's settings</h2>
      <p>
        One JSON file for the whole team, the same the CLI reads with <code>--settings</code>: thresholds, indicators
        switched off, and the allow-list of expected activity (each entry with its reason). A file with any problem is
        refused whole and the settings in force stay as they are.
      </p>
      <p>In force: {team?.summary ?? 'the defaults'}</p>
      <label>
        Import a settings file{' '}
        <input
          type="file"
          accept=".json,application/json"
          aria-label="Import a settings file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void file.text().then((t) => onTeamImport?.(t));
            e.target.value = '';
          }}
        />
      </label>{' '}
      <button type="button" onClick={onTeamExport}>
        Export the settings in force
      </button>
      {team?.imported && <p role="status">{team.imported}</p>}
      {team?.errors && (
        <div role="alert" className="error">
          Not imported; nothing changed:
          <ul>
            {team.errors.map((x, i) => (
              <li key={i}>{x}</li>
            ))}
          </ul>
        </div>
      )}
      {editor && <TeamSettingsEditor {...editor} />}
      <h2>What Token Triage remembers</h2>
      <label>
        <input
          type="checkbox"
          checked={learning ?? true}
          disabled={learning === undefined}
          onChange={(e) => onLearningChange?.(e.target.checked)}
        />{' '}
        Learn what is normal for each identity from the pages I read (kept in this browser, last {retention} days per
        tenant: baseline.retentionDays)
      </label>
      <p>
        {purge?.question ? (
          <span role="alertdialog" aria-label="Confirm delete">
            {purge.question}{' '}
            <button type="button" onClick={onPurgeConfirm}>
              Delete
            </button>{' '}
            <button type="button" onClick={onPurgeCancel}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" onClick={onPurgeAsk}>
            Delete all stored data…
          </button>
        )}
      </p>
      {purge?.done && <p role="status">{purge.done}</p>}
      {purge?.error && (
        <p role="alert" className="error">
          {purge.error}
        </p>
      )}
    </main>
  );
}
