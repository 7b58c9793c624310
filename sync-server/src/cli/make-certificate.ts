import { isAbsolute, join, relative, resolve } from 'node:path';
import { dataDirectory } from '../config';
import { defaultSubjects, makeCertificate } from '../tls/certificate';

/**
 * `pnpm make-certificate [--out FOLDER] [NAME_OR_ADDRESS ...]`: a server certificate for
 * HTTPS on the clinic's network, signed by a local authority made on first use (kept in
 * DATA_DIR/tls). Without names it covers this machine's host name, localhost and every
 * address it has.
 */
const usage = `Usage: pnpm make-certificate [--out FOLDER] [NAME_OR_ADDRESS ...]

Makes a certificate for HTTPS, signed by a local certificate authority (made on first
use and reused after). Names and addresses default to this machine's host name,
localhost and every address of its network interfaces. FOLDER defaults to DATA_DIR/tls.`;

// pnpm runs scripts in the package's folder; paths the user typed are from where they were.
const startedIn = process.env.INIT_CWD ?? process.cwd();
const given = process.argv.slice(2);
let directory = join(dataDirectory(), 'tls');
const names: string[] = [];
for (let index = 0; index < given.length; index += 1) {
  const argument = given[index]!;
  if (argument === '--help' || argument === '-h') {
    console.log(usage);
    process.exit(0);
  } else if (argument === '--out') {
    const value = given[++index];
    if (!value) fail('--out needs a folder');
    directory = resolve(startedIn, value);
  } else if (argument.startsWith('-')) {
    fail(`unknown option ${argument}`);
  } else {
    names.push(argument);
  }
}

function fail(message: string): never {
  console.error(`make-certificate: ${message}\n\n${usage}`);
  process.exit(1);
}

const shown = (path: string) => {
  const fromHere = relative(startedIn, path);
  return fromHere && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere : path;
};

try {
  const made = await makeCertificate({
    directory,
    subjects: names.length > 0 ? names : defaultSubjects(),
  });
  const { files } = made;
  console.log(`Made a server certificate for ${made.subjects.join(', ')}
valid until ${made.notAfter.toISOString().slice(0, 10)}.

Serve HTTPS with it: set these and restart the server.
  TLS_CERT=${files.certificate}
  TLS_KEY=${files.key}

${
  made.createdAuthority
    ? 'A new local certificate authority was made. Install its certificate on every tablet,\nphone and desktop that opens MyMedic (docs/operations.md, "HTTPS on the clinic\'s network"):'
    : 'Signed by the existing local certificate authority: devices that already trust it need\nnothing new. Its certificate, to install on any new device:'
}
  ${shown(files.authorityCertificate)}

Keep ${shown(files.authorityKey)} on this machine and private: devices that trust the
authority would trust any certificate signed with it.`);
} catch (error) {
  console.error(`make-certificate: ${(error as Error).message}`);
  process.exit(1);
}
