/** What the forms say when the server (or the forms' own code, on a first visit) cannot be fetched. */
export const serverUnreachable =
  'The server cannot be reached. Signing in needs the connection once; after that the app works offline.';
