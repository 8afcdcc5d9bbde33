/**
 * The test cases every case export has a golden file for, and where that file is: shared by the
 * golden test (lib/export/case-golden.test.ts), which renders every registered export for each,
 * and the registry meta-test, which requires each golden to exist and be non-empty.
 */
import type { CaseExportInput } from '../../lib/export/case-document';
import { hostileInput, sampleInput } from './case-fixtures';

export const CASE_GOLDEN_INPUTS: Readonly<Record<string, () => CaseExportInput>> = {
  sample: sampleInput,
  hostile: hostileInput,
};

/** The golden file of one export and test case, relative to lib/export. */
export const goldenFile = (exportId: string, testCase: string, fileExtension: string): string =>
  `__golden__/case-${exportId}.${testCase}.${fileExtension}`;
