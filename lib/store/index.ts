/**
 * lib/store: the extension's own store of cases and notes (Dexie 4 over IndexedDB), used only
 * from extension pages. The public surface; the files behind it each handle one concern.
 */
export {
  DEFAULT_DB_NAME,
  LATEST_SCHEMA_VERSION,
  SCHEMA_HISTORY,
  TriageDb,
  type IdbDeps,
  type NoteKey,
  type SchemaStep,
} from './db';
export { StoreError, type Read, type ReadMany, type ReadProblem } from './errors';
export {
  CaseStore,
  readCase,
  readCases,
  readCasesBySubject,
  type AnalystAnswer,
  type CaseStoreOptions,
  type ChecklistEntry,
  type Decision,
} from './cases';
export { NoteSaver, NoteStore, readNote, readNotes, type NoteSaverOptions, type SaveState, type Timers } from './notes';
export {
  BACKUP_FORMAT,
  exportBackup,
  parseBackupText,
  restoreBackup,
  type Backup,
  type ParsedBackupText,
  type RestoreResult,
} from './backup';
export { newerVersionMessage, openTriageDb, type OpenOptions } from './open';
export {
  localRepository,
  type CaseRepository,
  type LocalRepositoryOptions,
  type OpenCaseRequest,
  type StoreChange,
} from './repository';
export { allBaselines, learnEvents, readBaselines, type BaselineProblem, type LearnReport } from './baselines';
export { countStored, purgeQuestion, purgeStore, type StoreCounts } from './purge';
