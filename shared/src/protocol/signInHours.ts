/**
 * A session lasts this many hours from the sign-in with the password, on the server and
 * in the app alike: past it the app asks for the password again when the server answers
 * (a PIN goes on unlocking offline, up to the organisation's limit).
 *
 * A module of its own, exported apart too (`@mymedic/shared/sign-in-hours`): the app's
 * sign-in page needs it (engine/lock.ts) and nothing else of the shared code, whose
 * schemas and phone rules would otherwise load with it.
 */
export const fullSignInAfterHours = 12;
