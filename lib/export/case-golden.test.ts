/**
 * Golden files of every registered case export format (CASE_EXPORTS), for each test case of
 * test/support/case-goldens.ts (a sample case and a hostile one). Regenerate with
 * `npx vitest run lib/export -u`, then read the diff. The registry meta-test checks that every
 * golden exists and is not empty.
 */
import { describe, expect, it } from 'vitest';
import { CASE_EXPORTS } from './case-exports';
import { CASE_GOLDEN_INPUTS, goldenFile } from '../../test/support/case-goldens';

describe.each(Object.entries(CASE_GOLDEN_INPUTS))('%s case', (name, input) => {
  for (const format of CASE_EXPORTS) {
    it(format.label, async () => {
      await expect(format.render(input())).toMatchFileSnapshot(
        `./${goldenFile(format.id, name, format.fileExtension)}`,
      );
    });
  }
});
