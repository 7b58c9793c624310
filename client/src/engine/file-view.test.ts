import { describe, expect, it } from 'vitest';
import { fileViewOf, viewableBlob } from './files';

describe('how a document file is shown', () => {
  it('shows only allow-listed types; HTML, SVG, XML and unknown types are only saved', () => {
    expect(
      Object.fromEntries(
        [
          'image/png',
          'image/jpeg',
          'image/webp',
          'image/gif',
          'application/pdf',
          'text/plain',
          'TEXT/PLAIN; charset=utf-8',
          'text/html',
          'image/svg+xml',
          'application/xhtml+xml',
          'text/xml',
          'application/xml',
          'application/javascript',
          'application/octet-stream',
          'multipart/x-mixed-replace',
        ].map((type) => [type, fileViewOf(type)]),
      ),
    ).toEqual({
      'image/png': 'image',
      'image/jpeg': 'image',
      'image/webp': 'image',
      'image/gif': 'image',
      'application/pdf': 'tab',
      'text/plain': 'tab',
      'TEXT/PLAIN; charset=utf-8': 'tab',
      'text/html': 'download',
      'image/svg+xml': 'download',
      'application/xhtml+xml': 'download',
      'text/xml': 'download',
      'application/xml': 'download',
      'application/javascript': 'download',
      'application/octet-stream': 'download',
      'multipart/x-mixed-replace': 'download',
    });
  });

  it('hands a page or a drawing over as bytes no browser renders, never with its own type', async () => {
    const page = new Blob(['<script>parent.localStorage.clear()</script>'], { type: 'text/html' });
    const saved = viewableBlob(page, 'text/html');
    expect(saved.view).toBe('download');
    expect(saved.blob.type).toBe('application/octet-stream');
    expect(await saved.blob.text()).toBe(await page.text());
    const drawing = new Blob(['<svg onload="alert(1)"/>'], { type: 'image/svg+xml' });
    expect(viewableBlob(drawing, 'image/svg+xml').blob.type).toBe('application/octet-stream');
    // A stored copy with a type other than its document's is shown as the document says.
    const photo = new Blob([new Uint8Array([0xff, 0xd8])], { type: 'text/html' });
    expect(viewableBlob(photo, 'image/jpeg')).toMatchObject({ view: 'image' });
    expect(viewableBlob(photo, 'image/jpeg').blob.type).toBe('image/jpeg');
  });
});
