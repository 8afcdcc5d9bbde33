/** Builds the sign-in replica (index.html, the grid page; shell.html, the top-frame shell) into `outDir`. */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

export async function buildReplica(outDir: string): Promise<void> {
  const root = fileURLToPath(new URL('.', import.meta.url));
  await build({
    root,
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      chunkSizeWarningLimit: 5000,
      rollupOptions: { input: { index: `${root}/index.html`, shell: `${root}/shell.html` } },
    },
  });
}
