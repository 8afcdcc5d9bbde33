import { defineConfig } from 'wxt';

// The extension (issue: the extension in the consoles) builds on the pure engine in lib/.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: {
    name: 'Token Triage',
    description: 'Triage stolen application access tokens (T1550.001) where the evidence is: in the cloud console.',
    permissions: ['storage'],
  },
});
