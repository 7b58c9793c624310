/**
 * The rows a read model wrote in one hospital, as this process last committed them, so
 * that its next page need not read them back (docs/read-side.md, "What it costs the
 * push"). A page of the push benchmark touches rows the page before wrote: a patient's
 * registration, then the phone corrected, a consent, an allergy.
 *
 * The memory stands at the checkpoint its last page committed. Only the projector's
 * pages and a rebuild write a model's rows, and both move its checkpoint under its row
 * lock, so a page that opens at that very checkpoint finds the rows as remembered; a page
 * that opens anywhere else (another process's pages, a rebuild, a page that did not
 * commit) reads them all from the database, and its commit starts the memory afresh.
 */
export class RowMemory<Row> {
  private rows = new Map<string, Row>();
  /** The checkpoint the remembered rows stand at; -1 for none. */
  private position = -1;

  /** `capacity`: the rows kept at most, the least recently written forgotten first. */
  constructor(private readonly capacity = 5000) {}

  /** A page opening at `position` (the checkpoint read under its lock). */
  open(position: number): PageMemory<Row> {
    const trusted = position === this.position;
    const written = new Map<string, Row>();
    return {
      get: (id) => written.get(id) ?? (trusted ? this.rows.get(id) : undefined),
      hold: (id, row) => void written.set(id, row),
      committed: (reached) => this.keep(position, reached, written, trusted),
    };
  }

  /** How many rows it holds. */
  get size() {
    return this.rows.size;
  }

  /** Forgets everything: a rebuild, or a page whose commit is in doubt. */
  forget() {
    this.rows.clear();
    this.position = -1;
  }

  private keep(from: number, reached: number, written: Map<string, Row>, trusted: boolean) {
    // A page of this process committed between this page's opening and now (a direct
    // catch-up beside a round): the two are in the database, the memory holds one.
    if (from !== this.position && trusted) return this.forget();
    if (!trusted) this.rows.clear();
    for (const [id, row] of written) {
      this.rows.delete(id);
      this.rows.set(id, row);
    }
    for (const id of this.rows.keys()) {
      if (this.rows.size <= this.capacity) break;
      this.rows.delete(id);
    }
    this.position = reached;
  }
}

/** What one page sees of the memory: the rows it may trust, and those it wrote. */
export interface PageMemory<Row> {
  get(id: string): Row | undefined;
  /** A row this page wrote, remembered once the page has committed. */
  hold(id: string, row: Row): void;
  /** The page committed, its checkpoint at `reached`. */
  committed(reached: number): void;
}
