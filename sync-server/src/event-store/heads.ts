import { EventEmitter } from 'node:events';

/**
 * Tells live connections that a hospital's head moved. Published after commit, never
 * inside the append transaction. In one process an in-memory emitter; with several
 * processes on one PostgreSQL, `HeadRelay` (head-relay.ts) carries each process's heads
 * to the others through LISTEN/NOTIFY and hands them in here with `heard`.
 */
const anyHospital = Symbol('any hospital');

export class HeadNotifier {
  private readonly emitter = new EventEmitter();
  /** Per hospital, the newest head announced here, so that an older one is not. */
  private readonly announced = new Map<string, number>();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** A head this process stored: its hospital's listeners and the listeners of all. */
  publish(hospitalId: string, head: number) {
    this.remember(hospitalId, head);
    this.emitter.emit(hospitalId, head);
    this.emitter.emit(anyHospital, hospitalId, head);
  }

  /**
   * A head another process stored (or read back from the database): the hospital's
   * listeners hear it when it is newer than any announced here. The listeners of all
   * (the projector) do not: the storing process's projector applies its events, and
   * every projector's timer catches up what a dead process left.
   */
  heard(hospitalId: string, head: number) {
    if (head <= (this.announced.get(hospitalId) ?? -1)) return;
    this.remember(hospitalId, head);
    this.emitter.emit(hospitalId, head);
  }

  /** Hears every hospital's heads stored here (the projector, the relay). */
  subscribeAll(listener: (hospitalId: string, head: number) => void): () => void {
    this.emitter.on(anyHospital, listener);
    return () => this.emitter.off(anyHospital, listener);
  }

  subscribe(hospitalId: string, listener: (head: number) => void): () => void {
    this.emitter.on(hospitalId, listener);
    return () => this.emitter.off(hospitalId, listener);
  }

  listenerCount(hospitalId: string) {
    return this.emitter.listenerCount(hospitalId);
  }

  /** The hospitals someone here listens to now (their live connections). */
  hospitalsListenedTo(): string[] {
    return this.emitter.eventNames().filter((name): name is string => typeof name === 'string');
  }

  private remember(hospitalId: string, head: number) {
    this.announced.set(hospitalId, Math.max(head, this.announced.get(hospitalId) ?? head));
  }
}
