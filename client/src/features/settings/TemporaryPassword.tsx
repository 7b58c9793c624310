/**
 * A temporary password the server made, shown once: the admin hands it over in person,
 * and the colleague chooses their own at the first sign-in with it.
 */
export function TemporaryPassword({ name, password }: { name: string; password: string }) {
  return (
    <div
      role="status"
      className="rounded-lg border border-amber-400 bg-amber-50 p-3 text-amber-950"
    >
      <p>
        Temporary password for <strong>{name}</strong>:{' '}
        <code
          className="rounded bg-white px-2 py-1 font-mono text-lg tracking-wide"
          data-temporary-password
        >
          {password}
        </code>
      </p>
      <p className="mt-1 text-sm">
        Shown only now: give it to them in person. They choose their own password when they first
        sign in with it.
      </p>
    </div>
  );
}
