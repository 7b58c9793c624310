import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Text the server sends: each gets a brotli and a gzip copy beside it. */
const compressible = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest']);
/** Below this, a compressed copy saves less than its headers cost. */
const smallestWorthIt = 1024;

/**
 * Writes `name.br` and `name.gz` beside every text file of the build, at the strongest
 * settings (made once, sent many times): the server sends them as they are to a browser
 * that accepts them (@fastify/static's `preCompressed`), so nothing is compressed per
 * request. A copy no smaller than its file is not written.
 */
export function precompress(directory: string): { files: number; bytes: number; brotli: number } {
  const totals = { files: 0, bytes: 0, brotli: 0 };
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      if (!compressible.has(extname(name))) continue;
      const content = readFileSync(path);
      if (content.length < smallestWorthIt) continue;
      const brotli = brotliCompressSync(content, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
        },
      });
      const gzip = gzipSync(content, { level: 9 });
      if (brotli.length < content.length) writeFileSync(`${path}.br`, brotli);
      if (gzip.length < content.length) writeFileSync(`${path}.gz`, gzip);
      totals.files += 1;
      totals.bytes += content.length;
      totals.brotli += Math.min(brotli.length, content.length);
    }
  };
  walk(directory);
  return totals;
}

/** The build's last step: precompresses the output directory once everything is written. */
export function precompressBuild(): Plugin {
  let outDir = 'dist';
  return {
    name: 'mymedic-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const { files, bytes, brotli } = precompress(outDir);
        this.info(
          `precompressed ${files} files: ${Math.round(bytes / 1024)} kB, ${Math.round(brotli / 1024)} kB with brotli`,
        );
      },
    },
  };
}
