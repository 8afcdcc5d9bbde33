/** `npx vite test/replicas/aws-cloudtrail-events` serves the replica for a look by hand. */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({ base: './', plugins: [react()] });
