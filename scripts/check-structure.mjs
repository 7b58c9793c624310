// The structure check of `pnpm lint`. It fails on:
//   - an import circle among files (any TypeScript file of the workspace packages, tests
//     and harnesses included: a circle is a circle wherever it is);
//   - an import circle among the folders of the product, such as client/src/app <->
//     client/src/ui: one node per folder under a package's src/, tests and harnesses left
//     out; the files at the top of src/ (entry points, the package's index, modules like
//     errors.ts that everything uses) count one by one, as they are no folder of their own;
//   - a product file (under a package's src/, not a test) over 400 lines that does not
//     say why at its top, in a line `// Longer than 400 lines because ...`;
//   - an import against the layers: shared/ imports neither client/ nor sync-server/,
//     the client and the server do not import each other, and no product file imports a
//     test or a harness.
// Imports are read with TypeScript's own pre-processor (static, dynamic and type-only
// imports and re-exports alike) and resolved the way the packages resolve them:
// relative paths, and `@mymedic/<package>` through the package's `exports`.
// Known offenders may be listed in scripts/structure-allowances.txt, each with the issue
// item that removes it; a listed offender that is gone is reported so the line is deleted.
//
// `node scripts/check-structure.mjs` prints the counts; `--list` also names every
// circle and long file, allowed or not.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['shared', 'sync-server', 'client', 'bench', 'e2e'];
const longLimit = 400;
const reasonLine = /^\s*(\/\/|\/?\*+)\s*Longer than 400 lines because \S/;
const skippedFolders = new Set(['node_modules', 'dist', 'dev-dist', '.work', '.data', '.tls']);
const listAll = process.argv.includes('--list');

/** Repository-relative path with forward slashes, as the allow-list and the report spell it. */
const repoPath = (absolute) => relative(root, absolute).split(sep).join('/');

function sourceFiles(folder) {
  const found = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name) && !entry.name.startsWith('.')) {
        found.push(...sourceFiles(join(folder, entry.name)));
      }
    } else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      found.push(join(folder, entry.name));
    }
  }
  return found;
}

/** `@mymedic/<name>[/<subpath>]` -> the file its package's `exports` names. */
const packageEntries = new Map();
for (const name of packages) {
  const manifest = JSON.parse(readFileSync(join(root, name, 'package.json'), 'utf8'));
  const exports = manifest.exports ?? {};
  const entries = typeof exports === 'string' ? { '.': exports } : exports;
  for (const [subpath, target] of Object.entries(entries)) {
    if (typeof target !== 'string') continue;
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    packageEntries.set(specifier, join(root, name, target));
  }
}

const candidates = (base) => [
  base,
  ...['.ts', '.tsx', '.mts', '.cts'].map((extension) => base + extension),
  ...['index.ts', 'index.tsx'].map((index) => join(base, index)),
];

function resolveImport(from, specifier) {
  if (packageEntries.has(specifier)) return packageEntries.get(specifier);
  if (!specifier.startsWith('.')) return null;
  const base = join(dirname(from), specifier.replace(/\?.*$/, ''));
  const withoutJs = base.replace(/\.(m|c)?js$/, '');
  for (const candidate of [...candidates(base), ...candidates(withoutJs)]) {
    if (
      existsSync(candidate) &&
      statSync(candidate).isFile() &&
      /\.(ts|tsx|mts|cts)$/.test(candidate)
    ) {
      return candidate;
    }
  }
  return null;
}

/** A test, or a harness: anything of a package outside src/, and every *.test.ts(x) in it. */
const isProduct = (path) =>
  /^(shared|sync-server|client)\/src\//.test(path) && !/\.test\.tsx?$/.test(path);

const files = packages.flatMap((name) => sourceFiles(join(root, name)));
const graph = new Map();
const lineCounts = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const path = repoPath(file);
  lineCounts.set(path, { lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), text });
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const targets = new Set();
  for (const { fileName } of importedFiles) {
    const target = resolveImport(file, fileName);
    if (target) targets.add(repoPath(target));
  }
  graph.set(path, targets);
}

/** Strongly connected components of more than one node (or a node importing itself): the circles. */
function circles(nodes, edgesOf) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (start) => {
    // Tarjan's algorithm, iterative so a deep import chain cannot overflow the stack.
    const work = [{ node: start, edges: [...edgesOf(start)], next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.next < frame.edges.length) {
        const target = frame.edges[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edges: [...edgesOf(target)], next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(target)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || edgesOf(frame.node).has(frame.node)) {
          found.push(component.sort());
        }
      }
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
}

/** One cycle through a component, to show the reader where to cut. */
function oneCycle(component, edgesOf) {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const target of edgesOf(node)) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [node];
        while (previous.get(path[0]) !== null) path.unshift(previous.get(path[0]));
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return component;
}

const fileEdges = (path) => graph.get(path) ?? new Set();
const fileCircles = circles([...graph.keys()], fileEdges);

/** The folder a product file belongs to; a file at the top of its package's src/ stands for itself. */
const folderOf = (path) => (/^[^/]+\/src\/[^/]+$/.test(path) ? path : dirname(path));
const folderGraph = new Map();
for (const [path, targets] of graph) {
  if (!isProduct(path)) continue;
  const folder = folderOf(path);
  if (!folderGraph.has(folder)) folderGraph.set(folder, new Set());
  for (const target of targets) {
    if (isProduct(target) && folderOf(target) !== folder)
      folderGraph.get(folder).add(folderOf(target));
  }
}
const folderEdges = (folder) => folderGraph.get(folder) ?? new Set();
const folderCircles = circles([...folderGraph.keys()], folderEdges);

const longFiles = [...lineCounts]
  .filter(([path, { lines }]) => isProduct(path) && lines > longLimit)
  .map(([path, { lines, text }]) => ({
    path,
    lines,
    reasoned: text.split('\n', 15).some((line) => reasonLine.test(line)),
  }))
  .sort((a, b) => b.lines - a.lines);

// The allow-list: `kind | removed by | paths`, kind one of file-circle, folder-circle, long.
const allowancesFile = join(root, 'scripts', 'structure-allowances.txt');
const allowances = [];
const problems = [];
if (existsSync(allowancesFile)) {
  readFileSync(allowancesFile, 'utf8')
    .split('\n')
    .forEach((raw, number) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const [kind, removedBy, paths] = line.split('|').map((part) => part?.trim());
      if (!['file-circle', 'folder-circle', 'long'].includes(kind) || !removedBy || !paths) {
        problems.push(
          `scripts/structure-allowances.txt:${number + 1}: expected "kind | removed by | paths", ` +
            'kind one of file-circle, folder-circle, long, with the issue item that removes it',
        );
        return;
      }
      allowances.push({
        kind,
        removedBy,
        members: new Set(paths.split(/\s+/)),
        used: false,
        line: number + 1,
      });
    });
}

/** A circle is allowed when all its members are in one allowed circle of its kind: shrinking is fine, growing is not. */
function allowedCircle(kind, component) {
  const allowance = allowances.find(
    (entry) => entry.kind === kind && component.every((member) => entry.members.has(member)),
  );
  if (allowance) allowance.used = true;
  return allowance;
}

/** The packages each package's product may import: shared at the bottom, nothing pointing back. */
const layers = {
  shared: ['shared'],
  client: ['client', 'shared'],
  'sync-server': ['sync-server', 'shared'],
};
const packageOf = (path) => path.split('/')[0];
const layerBreaches = [];
for (const [path, targets] of graph) {
  if (!isProduct(path)) continue;
  for (const target of targets) {
    if (!isProduct(target) || !layers[packageOf(path)].includes(packageOf(target))) {
      layerBreaches.push(`FAIL layer: ${path} imports ${target}`);
    }
  }
}

const report = [...layerBreaches];
const describeCircles = (kind, found, edgesOf) => {
  let refused = 0;
  for (const component of found) {
    const allowance = allowedCircle(kind, component);
    if (!allowance) refused += 1;
    if (!allowance || listAll) {
      report.push(
        `${allowance ? 'allowed' : 'FAIL'} ${kind} of ${component.length}, one cycle: ` +
          oneCycle(component, edgesOf).join(' -> ') +
          (allowance ? ` [${allowance.removedBy}]` : '') +
          (listAll ? `\n  all of it: ${component.join(' ')}` : ''),
      );
    }
  }
  return refused;
};
const refusedFileCircles = describeCircles('file-circle', fileCircles, fileEdges);
const refusedFolderCircles = describeCircles('folder-circle', folderCircles, folderEdges);

let refusedLong = 0;
for (const { path, lines, reasoned } of longFiles) {
  if (reasoned) {
    if (listAll) report.push(`reasoned long file (${lines} lines): ${path}`);
    continue;
  }
  const allowance = allowances.find((entry) => entry.kind === 'long' && entry.members.has(path));
  if (allowance) allowance.used = true;
  else refusedLong += 1;
  if (!allowance || listAll) {
    report.push(
      `${allowance ? 'allowed' : 'FAIL'} long file (${lines} lines, no "// Longer than 400 lines because ..." at its top): ${path}` +
        (allowance ? ` [${allowance.removedBy}]` : ''),
    );
  }
}

for (const allowance of allowances.filter((entry) => !entry.used)) {
  report.push(
    `note: scripts/structure-allowances.txt:${allowance.line} (${allowance.kind}, ${allowance.removedBy}) ` +
      'matches nothing any more: delete the line',
  );
}

const allowedCount = (kind) =>
  allowances.filter((entry) => entry.kind === kind && entry.used).length;
for (const line of [...problems, ...report]) console.log(line);
console.log(
  `structure: ${graph.size} files; import circles among files ${fileCircles.length} ` +
    `(${fileCircles.reduce((sum, c) => sum + c.length, 0)} files in them, ${refusedFileCircles} not allowed), ` +
    `among folders ${folderCircles.length} (${refusedFolderCircles} not allowed); ` +
    `product files over ${longLimit} lines ${longFiles.length} ` +
    `(${longFiles.filter((file) => file.reasoned).length} with a reason, ${refusedLong} not allowed); ` +
    `imports against the layers ${layerBreaches.length}; ` +
    `allow-list: ${allowedCount('file-circle')} file circles, ${allowedCount('folder-circle')} folder circles, ` +
    `${allowedCount('long')} long files`,
);
const failures =
  problems.length + refusedFileCircles + refusedFolderCircles + refusedLong + layerBreaches.length;
if (failures > 0) process.exit(1);
