import { measureCommandLatency } from './command-latency';
import { measureIcd10Search } from './icd10-search';
import { measureInitialSync } from './initial-sync';
import { measureSearchLatency } from './search-latency';
import { measureShapedSync } from './shaped-sync';

/** What bench/src calls through page.evaluate: the real client engine in a real browser. */
const harness = {
  measureInitialSync,
  measureShapedSync,
  measureCommandLatency,
  measureSearchLatency,
  measureIcd10Search,
};

declare global {
  interface Window {
    mymedicBench: typeof harness;
  }
}

window.mymedicBench = harness;
