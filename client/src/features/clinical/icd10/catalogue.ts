import { useEffect, useSyncExternalStore } from 'react';
import listUrl from '../../../../catalogues/icd10cm/icd10cm-codes.tsv.gz?url';
import { commonIcd10Codes } from './common';
import { buildIndex, buildIndexGently, parseCodeList, searchIndex, type Icd10Code } from './search';

/**
 * The full ICD-10-CM list on the device (74,719 codes, client/catalogues/icd10cm). It is not
 * part of the app's first load: a clinician's device fetches it (550 kB, gzipped as
 * shipped, whatever the server's compression) when the app is idle, keeps it in the
 * Cache Storage so it is there offline, and builds its search index a slice at a time.
 * Until then the common codes answer at once.
 */
export type CatalogueState = 'common-only' | 'loading' | 'ready' | 'failed';

const cacheName = 'mymedic-icd10cm';
const commonIndex = buildIndex(commonIcd10Codes);
let fullIndex: ReturnType<typeof buildIndex> | null = null;
let state: CatalogueState = 'common-only';
let loading: Promise<void> | null = null;
/** After a failure (offline before the list was ever fetched), when to try again. */
let retryAt = 0;
const listeners = new Set<() => void>();

function setState(next: CatalogueState) {
  state = next;
  for (const listener of listeners) listener();
}

/** The list's bytes: from the device's cache when it has them, else fetched and kept. */
async function listBytes(): Promise<ArrayBuffer> {
  const cache = typeof caches === 'undefined' ? null : await caches.open(cacheName);
  const kept = await cache?.match(listUrl);
  if (kept) return kept.arrayBuffer();
  const response = await fetch(listUrl);
  if (!response.ok) throw new Error(`The ICD-10-CM list could not be loaded (${response.status})`);
  const bytes = await response.clone().arrayBuffer();
  if (cache) {
    await cache.put(listUrl, response);
    // A new release of the list has a new name: the old one goes.
    for (const old of await cache.keys()) if (!old.url.endsWith(listUrl)) await cache.delete(old);
  }
  return bytes;
}

/** The text of the shipped file, gzipped unless a server already took the gzip off. */
export async function listText(bytes: ArrayBuffer): Promise<string> {
  const head = new Uint8Array(bytes, 0, 2);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return new TextDecoder().decode(bytes);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Loads and indexes the full list once; later calls wait for the same work. */
export function loadFullIcd10List(): Promise<void> {
  loading ??= (async () => {
    setState('loading');
    try {
      const codes = parseCodeList(await listText(await listBytes()));
      fullIndex = await buildIndexGently(
        codes,
        commonIcd10Codes.map((entry) => entry.code),
        pause,
      );
      setState('ready');
    } catch {
      // Offline before the list was ever fetched: the common codes still answer, and a
      // search half a minute later tries again.
      loading = null;
      retryAt = Date.now() + 30_000;
      setState('failed');
    }
  })();
  return loading;
}

/** Starts loading the list when the device has nothing better to do. */
export function warmIcd10List(): void {
  if (state !== 'common-only') return;
  const start = () => void loadFullIcd10List();
  if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 10_000 });
  else setTimeout(start, 3_000);
}

export function searchIcd10(query: string, limit = 8): Icd10Code[] {
  if (state === 'failed' && Date.now() >= retryAt) void loadFullIcd10List();
  return searchIndex(fullIndex ?? commonIndex, query, limit);
}

/** Where the full list stands, for the search field's hint; asks for it if not yet. */
export function useIcd10Catalogue(): CatalogueState {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
  useEffect(() => {
    if (state === 'common-only') void loadFullIcd10List();
  }, []);
  return current;
}
