import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/roles';
import { sha256Hex, sha256HexOfText } from '../../kernel/hash';
import { given, janeDoctor, nurseAmara } from '../../../test/given';
import type { NoteEvent } from './aggregate';

const wanjiruId = '0190a0b0-0000-7000-8000-000000000501';
const visitId = '0190a0b0-0000-7000-8000-000000000502';
const addendumId = '0190a0b0-0000-7000-8000-000000000503';
const drMwangi: Actor = { user_id: '0190a0b0-0000-7000-8000-000000000504', roles: ['doctor'] };

const drafted: NoteEvent = {
  type: 'NoteDrafted',
  data: {
    patient_id: wanjiruId,
    visit_id: visitId,
    author_id: janeDoctor.user_id,
    body: 'Wheeze on both sides. Peak flow 62% of predicted.',
    drafted_at: '2026-11-24T09:30:00.000Z',
  },
};
const edited: NoteEvent = {
  type: 'NoteEdited',
  data: {
    body: 'Wheeze on both sides. Peak flow 62% of predicted. Improved after nebuliser.',
    revision: 2,
    edited_at: '2026-11-24T09:40:00.000Z',
  },
};
/** What the signer's device hashes: the body at revision 2, as stored (trimmed). */
const digest = sha256HexOfText(
  'Wheeze on both sides. Peak flow 62% of predicted. Improved after nebuliser.',
);
const signed: NoteEvent = {
  type: 'NoteSigned',
  data: {
    signed_by: janeDoctor.user_id,
    signed_at: '2026-11-24T09:45:00.000Z',
    content_sha256: digest,
    revision: 2,
  },
};

describe('drafting and editing', () => {
  it('drafts a note by its author', () => {
    given('note')
      .when('DraftNote', {
        patient_id: wanjiruId,
        visit_id: visitId,
        body: ' Wheeze on both sides. Peak flow 62% of predicted. ',
      })
      .then([drafted]);
    given('note').when('DraftNote', { patient_id: wanjiruId, body: '' }).thenThrows('validation');
    given('note', [drafted]).when('DraftNote', drafted.data).thenThrows('illegal_state');
  });

  it('edits the revision the author saw, counting revisions', () => {
    given('note', [drafted])
      .when(
        'EditNote',
        { body: edited.data.body, based_on_revision: 1 },
        { issued_at: '2026-11-24T09:40:00.000Z' },
      )
      .then([edited]);
    given('note', [drafted, edited])
      .when('EditNote', { body: 'Third take', based_on_revision: 2 })
      .then([
        {
          type: 'NoteEdited',
          data: { body: 'Third take', revision: 3, edited_at: '2026-11-24T09:30:00.000Z' },
        },
      ]);
    given('note', [drafted])
      .when('EditNote', { body: drafted.data.body, based_on_revision: 1 })
      .then([]);
  });

  it('is a conflict, with both bodies, when the note changed since the author saw it', () => {
    const error = given('note', [drafted, edited])
      .when('EditNote', { body: 'Edited on the tablet offline', based_on_revision: 1 })
      .thenThrows('conflict', /changed meanwhile/);
    expect(error.details).toMatchObject({
      current: { revision: 2, body: edited.data.body },
      wanted: { based_on_revision: 1, body: 'Edited on the tablet offline' },
    });
  });

  it('lets only the author edit a draft', () => {
    given('note', [drafted])
      .when('EditNote', { body: 'Not mine', based_on_revision: 1 }, { actor: drMwangi })
      .thenThrows('forbidden', /author/);
    given('note').when('EditNote', { body: 'x', based_on_revision: 1 }).thenThrows('not_found');
  });
});

describe('signing', () => {
  it('signs the current revision, recording the digest, signer and time', () => {
    given('note', [drafted, edited])
      .when(
        'SignNote',
        { content_sha256: digest.toUpperCase(), based_on_revision: 2 },
        { issued_at: '2026-11-24T09:45:00.000Z' },
      )
      .then([signed]);
  });

  it('refuses a digest that is not the SHA-256 of the body it signs, naming the field', () => {
    const error = given('note', [drafted, edited])
      .when('SignNote', {
        content_sha256: sha256HexOfText('Chest clear. No wheeze.'),
        based_on_revision: 2,
      })
      .thenThrows('validation', /digest is not the SHA-256 of the note's body/);
    expect(error.details).toMatchObject({
      issues: [{ path: 'content_sha256', message: error.message }],
    });
    // The body of the revision before: a signature over text the note no longer holds.
    given('note', [drafted, edited])
      .when('SignNote', { content_sha256: sha256HexOfText(drafted.data.body) })
      .thenThrows('validation', /digest/);
    given('note', [drafted, edited])
      .when('SignNote', { content_sha256: '0'.repeat(64), based_on_revision: 2 })
      .thenThrows('validation', /digest/);
    // The untrimmed text the person typed is not what the note holds.
    given('note', [drafted])
      .when('SignNote', { content_sha256: sha256HexOfText(` ${drafted.data.body} `) })
      .thenThrows('validation', /digest/);
  });

  it("takes the signer's device's WebCrypto digest of the trimmed body, as the screen makes it", async () => {
    const typed = ' Wheeze on both sides. Peak flow 62% of predicted. ';
    given('note', [drafted])
      .when('SignNote', { content_sha256: await sha256Hex(typed.trim()), based_on_revision: 1 })
      .then([
        {
          type: 'NoteSigned',
          data: {
            signed_by: janeDoctor.user_id,
            signed_at: '2026-11-24T09:30:00.000Z',
            content_sha256: await sha256Hex(drafted.data.body),
            revision: 1,
          },
        },
      ]);
  });

  it('refuses a digest that is not 64 hex digits', () => {
    given('note', [drafted])
      .when('SignNote', { content_sha256: 'abc123' })
      .thenThrows('validation', /SHA-256/);
  });

  it('refuses to sign a body that changed since the signer read it', () => {
    given('note', [drafted, edited])
      .when('SignNote', { content_sha256: digest, based_on_revision: 1 })
      .thenThrows('conflict');
  });

  it('refuses signing twice, and editing a signed note', () => {
    given('note', [drafted, edited, signed])
      .when('SignNote', { content_sha256: digest })
      .thenThrows('illegal_state', /The note is signed; add an addendum instead/);
    given('note', [drafted, edited, signed])
      .when('EditNote', { body: 'Changed my mind', based_on_revision: 2 })
      .thenThrows('illegal_state', /The note is signed; add an addendum instead/);
  });

  it('lets only the author sign, and never a nurse', () => {
    given('note', [drafted])
      .when('SignNote', { content_sha256: digest }, { actor: drMwangi })
      .thenThrows('forbidden', /Only the note's author can sign it/);
    given('note', [drafted])
      .when('SignNote', { content_sha256: digest }, { actor: nurseAmara })
      .thenThrows('forbidden', /A nurse may not SignNote/);
  });

  it('hashes a body the same way on every device, with WebCrypto or in the decider', async () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await sha256Hex('abc')).toBe(abc);
    expect(sha256HexOfText('abc')).toBe(abc);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 300 })),
        async (text) => {
          expect(sha256HexOfText(text)).toBe(await sha256Hex(text));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('addenda', () => {
  const addendum = { addendum_id: addendumId, body: 'Spirometry booked for next week.' };

  it('adds an addendum to a signed note, by any doctor', () => {
    given('note', [drafted, edited, signed])
      .when('AddNoteAddendum', addendum, { actor: drMwangi })
      .then([
        {
          type: 'NoteAddendumAdded',
          data: {
            ...addendum,
            author_id: drMwangi.user_id,
            added_at: '2026-11-24T09:30:00.000Z',
          },
        },
      ]);
  });

  it('refuses addenda to drafts, the same addendum twice, and nurses', () => {
    given('note', [drafted])
      .when('AddNoteAddendum', addendum)
      .thenThrows('illegal_state', /still a draft/);
    given('note', [
      drafted,
      signed,
      {
        type: 'NoteAddendumAdded',
        data: { ...addendum, author_id: janeDoctor.user_id, added_at: '2026-11-24T10:00:00.000Z' },
      },
    ])
      .when('AddNoteAddendum', addendum)
      .thenThrows('illegal_state', /already added/);
    given('note', [drafted, signed])
      .when('AddNoteAddendum', addendum, { actor: nurseAmara })
      .thenThrows('forbidden');
  });
});
