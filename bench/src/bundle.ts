import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
// Its own output folder, so that an e2e run serving client/dist meanwhile is not disturbed.
const clientDist = fileURLToPath(new URL('../.work/client-dist/', import.meta.url));

function buildClient() {
  return new Promise<void>((resolve, reject) => {
    const args = ['--filter', '@mymedic/client', 'build', '--outDir', clientDist, '--emptyOutDir'];
    const child = spawn('pnpm', args, {
      cwd: repositoryRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the client build exited with ${code}`)),
    );
  });
}

/** The scripts index.html makes the browser fetch before the app can start. */
export function firstLoadScripts(indexHtml: string): string[] {
  const scripts = [...indexHtml.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)];
  const preloads = [
    ...indexHtml.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g),
  ];
  return [...new Set([...scripts, ...preloads].map((match) => match[1]!))];
}

/**
 * Builds the client as it ships and sums the gzipped size (level 9 as a server would
 * precompress; 1 kB = 1,000 bytes as Vite reports) of the entry and its modulepreloads.
 */
export async function measureBundle() {
  await buildClient();
  const indexHtml = await readFile(join(clientDist, 'index.html'), 'utf8');
  const files = firstLoadScripts(indexHtml);
  if (files.length === 0) throw new Error('the built index.html loads no module script');
  let raw = 0;
  let gzipped = 0;
  for (const file of files) {
    const bytes = await readFile(join(clientDist, file.replace(/^\//, '')));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  return { files, rawKb: raw / 1000, gzippedKb: gzipped / 1000 };
}
