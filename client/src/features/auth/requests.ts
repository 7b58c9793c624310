import type { SignupRequest } from '@mymedic/shared';
import type { TFunction } from 'i18next';
import { revokedMessage, wipeRevokedDevice } from '../../app/revoked';
import { completeSignIn } from '../../app/signIn';
import { ApiError, SyncApi } from '../../engine/api';
import { deviceId, type StoredSession } from '../../engine/session';
import { fieldErrors } from '../../ui/Field';
import { sayFailure } from '../../i18n/refusals';

/**
 * What the sign-in and sign-up forms ask of the server, and what they make of its
 * answers. It loads apart from the sign-in page (its checks of the server's answers,
 * the device's vault, the revoked-device wipe): the page loads it when a form is
 * first touched, so the first visit's first paint waits for none of it.
 */

export { revokedMessage, wipeRevokedDevice };

const api = new SyncApi('', null);

/** The password accepted: the person's vault opened with it and their session kept. */
export async function signIn(
  email: string,
  password: string,
  newPassword?: string,
): Promise<StoredSession> {
  const response = await api.login(email, password, deviceId(), newPassword);
  return completeSignIn(response, newPassword ?? password);
}

export async function signUp(request: SignupRequest): Promise<StoredSession> {
  return completeSignIn(await api.signup(request), request.admin.password);
}

/** The server's reason for refusing, when it gave one (`password_change_required`…). */
export function refusalCode(failure: unknown): string | undefined {
  return failure instanceof ApiError ? failure.body?.code : undefined;
}

/** The server's complaints about each field, by field name. */
export function fieldProblems(failure: unknown): Record<string, string> {
  return failure instanceof ApiError ? fieldErrors(failure.body?.details) : {};
}

/** Why a request failed, in the person's words (`t` of the `auth` namespace). */
export const explain = (error: unknown, t: TFunction<'auth'>) =>
  error instanceof ApiError
    ? error.status === 0
      ? t('unreachable')
      : sayFailure(error)
    : t('somethingWrong');
