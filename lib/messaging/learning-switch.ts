/**
 * The options' switch for learning baselines (issue 10), in extension storage (storage.local):
 * on unless the analyst turned it off. The background reads it before each learning run, so
 * turning it off stops learning at once; what was learned stays until purged.
 */
import { browser } from 'wxt/browser';

export const LEARN_BASELINES_KEY = 'learnBaselines';

export async function isLearningEnabled(): Promise<boolean> {
  const got = (await browser.storage.local.get(LEARN_BASELINES_KEY)) as Record<string, unknown>;
  return got[LEARN_BASELINES_KEY] !== false;
}

export async function setLearningEnabled(on: boolean): Promise<void> {
  await browser.storage.local.set({ [LEARN_BASELINES_KEY]: on });
}
