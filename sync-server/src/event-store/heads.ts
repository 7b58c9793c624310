import { EventEmitter } from 'node:events';

/**
 * Tells live connections that a hospital's head moved. Published after commit, never
 * inside the append transaction. One process: an in-memory emitter. Several processes
 * on one PostgreSQL would relay it through LISTEN/NOTIFY, not built yet (docs/decisions.md,
 * "Head notifications are in-process").
 */
const anyHospital = Symbol('any hospital');

export class HeadNotifier {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(hospitalId: string, head: number) {
    this.emitter.emit(hospitalId, head);
    this.emitter.emit(anyHospital, hospitalId, head);
  }

  /** Hears every hospital's heads (the projector, which follows them all). */
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
}
