import { z } from 'zod';

// Imported first by each app's entry, before any schema of @mymedic/shared is made: zod
// builds its object parsers with `new Function` where it may, and finds out whether it may
// by trying, which our Content Security Policy (no 'unsafe-eval') reports as a violation
// on every page. Parsers that need no eval are as correct, and fast enough on a device.
z.config({ jitless: true });
