import { isDomainError, mayRead, type ConflictChoice } from '@mymedic/shared';
import { useState } from 'react';
import { resolveConflict } from '../engine/conflicts';
import type { ConflictRecord } from '../engine/db';
import { issue, type CommandInput, type CommandRequest } from '../engine/execute';
import { attachFile, type AttachFileInput } from '../engine/files';
import { fieldErrors } from '../ui/Field';
import { useClinic } from './clinic';
import { sayRefusal } from '../i18n/refusals';

/** Whether the person at the tablet may read clinical records (the permission table's read rules). */
export function useReadsClinical(): boolean {
  const { actor } = useClinic();
  return mayRead(actor.roles, 'clinical');
}

/**
 * The one door for a screen's writes on this device: commands, attached documents and
 * conflict choices. Commands run all in one transaction (so a check-in and its
 * appointment's status change land together), with the decider's refusal turned into
 * messages next to the fields. Nothing waits for the network.
 */
export function useCommands() {
  const { db, actor } = useClinic();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  /** Carries out one write; its result on success, null (with the refusal shown) if refused. */
  async function attempt<Result>(
    write: () => Promise<Result>,
    done: string | ((result: Result) => string),
  ): Promise<Result | null> {
    try {
      const result = await write();
      setErrors({});
      setMessage(typeof done === 'string' ? done : done(result));
      return result;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      setErrors({ ...fieldErrors(error.details), form: sayRefusal(error) });
      setMessage(null);
      return null;
    }
  }

  async function run(request: CommandRequest, done: string): Promise<boolean> {
    const outcome = await attempt(() => issue(db, actor, request), done);
    return outcome !== null;
  }

  /** Attaches a file to a patient's record; it uploads when the server answers. */
  async function attach(input: AttachFileInput, done: string): Promise<boolean> {
    return (await attempt(() => attachFile(db, actor, input), done)) !== null;
  }

  /** Carries out a person's choice on a refused change (see resolveConflict). */
  function resolve(
    conflict: ConflictRecord,
    choice: ConflictChoice,
    done: (recorded: ConflictChoice) => string,
    merged?: Record<string, unknown>,
    instead?: CommandInput,
  ): Promise<ConflictChoice | null> {
    return attempt(() => resolveConflict(db, actor, conflict, choice, merged, instead), done);
  }

  return { run, attach, resolve, errors, setErrors, message, setMessage };
}
