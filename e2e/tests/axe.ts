import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * No WCAG 2.2 A or AA violation on what the page shows now.
 *
 * The rules are all those tags name, however the run is made. Made quickly, as the suite
 * runs axe on a couple of hundred screens: in one go inside the page (`axe.run`, the
 * builder's "legacy mode"), not in parts gathered on a blank page the builder opens beside
 * it each time, which is for pages that frame other sites (the app frames none); and with
 * the nodes of violations only described, not those of every passing check.
 */
export async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .setLegacyMode()
    .analyze();
  const found = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  );
  expect(found, `axe on ${screen}`).toEqual([]);
}
