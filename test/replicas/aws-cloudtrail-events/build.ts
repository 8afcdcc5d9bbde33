/**
 * Builds the CloudTrail Event history replica into static files (index.html + assets, relative
 * paths), for the browser tests that serve them with Playwright `context.route()` on
 * `https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events`.
 * `?rows=2000` (query or `#/events?rows=2000`) renders the 2,000-row variant.
 */
import { build, type InlineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = import.meta.dirname;

export function replicaConfig(outDir: string): InlineConfig {
  return {
    root: here,
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 4096 },
  };
}

export async function buildReplica(outDir: string): Promise<void> {
  await build(replicaConfig(outDir));
}
